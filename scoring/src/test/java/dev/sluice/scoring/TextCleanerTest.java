package dev.sluice.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextCleanerTest {
    /** Read from the shared folder, never copied into the project (third-party terms, ../shared/data/README.md). */
    static final Path YAHOO = Path.of("../../shared/data/yahoo/yahoo-answers-4387.csv");

    private static final Pattern CP437_MOJIBAKE = Pattern.compile("ΓÇ|┬|├");

    private static Map<String, CSVRecord> rows;

    @BeforeAll
    static void read() throws IOException {
        if (!Files.isRegularFile(YAHOO)) {
            return;
        }
        rows = new LinkedHashMap<>();
        try (Reader in = Files.newBufferedReader(YAHOO, StandardCharsets.UTF_8)) {
            CSVFormat format = CSVFormat.RFC4180
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get();
            for (CSVRecord r : format.parse(in)) {
                rows.put(r.get("question_id"), r);
            }
        }
    }

    private static List<String> fields() {
        return rows.values().stream()
                .flatMap(r -> List.of(r.get("question_title"), r.get("best_answer")).stream())
                .toList();
    }

    private static void assumeData() {
        assumeTrue(rows != null, "the shared dataset is not at " + YAHOO.toAbsolutePath() + " on this machine");
    }

    @Test
    void shouldRepairTheCp437MojibakeOfTheYahooSample() {
        assumeData();
        assertThat(TextCleaner.clean(rows.get("d78abd67a144e13e").get("question_title")))
                .isEqualTo("What Korean golfer’s dad left her alone in a dark cemetery to build up her courage?");
        assertThat(TextCleaner.clean(rows.get("ab7d64524d2796ed").get("question_title")))
                .isEqualTo("In the sentence, “Today’s specials are on the board”, what does ‘on the board’ mean?");
        assertThat(TextCleaner.clean(rows.get("aa176a8fdcf5164e").get("question_title")))
                .startsWith("1) At 25.0°C, the density of water is 0.997 g/mL, whereas the density of ice at -10.0°C");
        assertThat(TextCleaner.clean(rows.get("4415507e0533f0e6").get("question_title")))
                .isEqualTo("¿Why mexico is so corrupt?");
        assertThat(TextCleaner.clean(rows.get("4fd75378b7c21971").get("best_answer")))
                .contains("an ancient Aztec capital destroyed by Cortés in 1521.");

        assertThat(fields().stream().filter(f -> CP437_MOJIBAKE.matcher(f).find()))
                .as("fields with CP437 mojibake as read")
                .hasSizeGreaterThan(100);
        assertThat(fields().stream()
                        .map(TextCleaner::clean)
                        .filter(f -> CP437_MOJIBAKE.matcher(f).find()))
                .as("fields with CP437 mojibake left after cleaning")
                .isEmpty();
    }

    /** The evidence for choosing CP437: the Windows-1252 repair scoring used to do finds nothing to fix there. */
    @Test
    void shouldFindNoWindows1252MojibakeInTheYahooSample() {
        assumeData();
        assertThat(fields().stream().filter(f -> !windows1252Repair(f).equals(f)))
                .as("fields a Windows-1252 round trip would change")
                .isEmpty();
        assertThat(fields().stream().filter(f -> !TextCleaner.repairMojibake(f).equals(f)))
                .as("fields the CP437 repair changes")
                .hasSize(150);
    }

    @Test
    void shouldUndoTheExportsNewlinesAndDoubledQuotesInTheYahooSample() {
        assumeData();
        assertThat(TextCleaner.clean(rows.get("b8b0c54d95026383").get("best_answer")))
                .startsWith("yah, for a sampling of tech guys, visit the northbound mountain view caltrain stop"
                        + " at about 5:20 one afternoon. you'll be giddy when you see you're completely surrounded"
                        + " by cute, intelligent, mostly available men.\n\n(disclaimer:");
        assertThat(TextCleaner.clean(rows.get("123b200d0823b467").get("best_answer")))
                .endsWith(
                        "It is located in the center of the country at 40°25\"N 3°45\"W.\""); // the answer is in quotes
    }

    @Test
    void shouldLeaveGenuineNonAsciiTextAlone() {
        for (String genuine : List.of("Köln", "café Ã la carte", "日本語も", "God’s plan – watch", "Ελληνική")) {
            assertThat(TextCleaner.clean(genuine)).isEqualTo(genuine);
        }
        // Windows-1252 mojibake is not what the data has; a guess at it could damage genuine text
        assertThat(TextCleaner.clean("donâ€™t")).isEqualTo("donâ€™t");
    }

    @Test
    void shouldBeIdempotentAndSafeOnNull() {
        String raw = "you''ll see ''the governorΓÇÖs office''\\nin K\u00f6ln ";
        assertThat(TextCleaner.clean(raw)).isEqualTo("you'll see \"the governor’s office\"\nin Köln");
        assertThat(TextCleaner.clean(TextCleaner.clean(raw))).isEqualTo(TextCleaner.clean(raw));
        assertThat(TextCleaner.clean(null)).isEmpty();
    }

    @Test
    void shouldNormaliseCompatibilityFormsOnlyForComparison() {
        assertThat(TextCleaner.clean("x┬▓ ｃａｆｅ")).isEqualTo("x² ｃａｆｅ");
        assertThat(TextCleaner.forComparison("x┬▓ ｃａｆｅ")).isEqualTo("x2 cafe");
    }

    /** The rejected repair (scoring's TextCleaner before the merge): whole text, Windows-1252 bytes as UTF-8. */
    private static String windows1252Repair(String s) {
        try {
            var bytes = Charset.forName("windows-1252")
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(s));
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException notMojibake) {
            return s;
        }
    }
}
