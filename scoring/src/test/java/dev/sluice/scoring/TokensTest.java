package dev.sluice.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TokensTest {
    private static final Path YAHOO = Path.of("../../shared/data/yahoo/yahoo-answers-4387.csv");

    /** The definition {@link Tokens#normalise} implements in one pass: two regular expressions. */
    private static List<String> byRegex(String text) {
        String s = TextCleaner.forComparison(text).toLowerCase(Locale.ROOT);
        s = Pattern.compile("[\\p{P}\\p{S}]+").matcher(s).replaceAll(" ");
        List<String> out = new ArrayList<>();
        for (String t : Pattern.compile("\\s+").split(s.strip())) {
            if (!t.isEmpty() && !Set.of("a", "an", "the").contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void shouldSplitOnPunctuationSymbolsAndWhitespaceAndDropArticles() {
        assertThat(Tokens.normalise("The end.Start, of an  ERA!")).containsExactly("end", "start", "of", "era");
        assertThat(Tokens.normalise("café–bar «quoted» 5€ x²\u00a0y"))
                .containsExactly("café", "bar", "quoted", "5", "x2", "y");
        assertThat(Tokens.normalise(" ...?! ")).isEmpty();
        assertThat(Tokens.normalise(null)).isEmpty();
    }

    @Test
    void shouldGiveTheSameTokensAsTheRegularExpressionsOnHostileText() {
        for (String text : List.of(
                "a\u0000b\u001fc\u007fd",
                "tab\tnew\nline\u000bvt\fff\rcr",
                "emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
                "under_score hy-phen (paren) [br] {cu} \"q\" 'a' `b`",
                "日本語のテキスト。句読点、あり",
                "\u2028line\u2029para\u3000ideographic",
                "you''ll ''star wars'' 12''",
                "golferΓÇÖs ┬┐Why Cort├⌐s")) {
            assertThat(Tokens.normalise(text)).as(text).isEqualTo(byRegex(text));
        }
    }

    @Test
    void shouldGiveTheSameTokensAsTheRegularExpressionsOnTheSharedYahooData() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(YAHOO), "../shared/data is not beside the project");
        List<String> lines = Files.readAllLines(YAHOO);
        for (String line : lines) {
            assertThat(Tokens.normalise(line)).as(line).isEqualTo(byRegex(line));
        }
        assertThat(lines).hasSizeGreaterThan(1000);
    }
}
