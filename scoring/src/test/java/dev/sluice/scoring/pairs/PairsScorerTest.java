package dev.sluice.scoring.pairs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.scoring.Composite;
import dev.sluice.scoring.CompositeConfig;
import dev.sluice.scoring.RougeL;
import dev.sluice.scoring.TokenF1;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses the lexical metrics so the file logic is tested without loading a model. */
class PairsScorerTest {

    private final Composite composite = new Composite(
            List.of(new TokenF1(), new RougeL()),
            new CompositeConfig(Map.of(TokenF1.NAME, 1.0, RougeL.NAME, 1.0), 0.5));
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);

    @Test
    void shouldKeepRowsAndAddOneColumnPerMetricPlusComposite(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("pairs.csv");
        StringBuilder sb = new StringBuilder("id,reference,candidate\n");
        sb.append("1,dog bites man,man bites dog\n");
        sb.append("2,\"multi\nline, quoted\",multi line quoted\n");
        sb.append("3,same,same\n");
        for (int i = 4; i <= 600; i++) { // more than one chunk
            sb.append(i).append(",alpha beta,gamma\n");
        }
        Files.writeString(in, sb.toString());
        Path out = dir.resolve("scored.csv");

        assertThat(PairsScorer.run(in, out, "reference", "candidate", composite, logStream))
                .isZero();

        List<CSVRecord> rows = read(out, CSVFormat.RFC4180);
        assertThat(rows).hasSize(600);
        assertThat(rows.get(0).getParser().getHeaderNames())
                .containsExactly("id", "reference", "candidate", "token_f1", "rouge_l", "composite");
        CSVRecord first = rows.get(0);
        assertThat(first.get("token_f1")).isEqualTo("1.0000");
        assertThat(first.get("rouge_l")).isEqualTo("0.3333");
        assertThat(first.get("composite")).isEqualTo("0.6667");
        assertThat(rows.get(1).get("reference")).isEqualTo("multi\nline, quoted");
        assertThat(rows.get(1).get("composite")).isEqualTo("1.0000");
        assertThat(rows.get(599).get("id")).isEqualTo("600");
        assertThat(rows.get(599).get("composite")).isEqualTo("0.0000");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("scored 600 pairs");
    }

    @Test
    void shouldReadAndWriteTsvWithNamedColumns(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("pairs.tsv");
        Files.writeString(in, "best_answer\tllm_answer\nParis is the capital\tthe capital is Paris\n");
        Path out = dir.resolve("scored.tsv");

        assertThat(PairsScorer.run(in, out, "best_answer", "llm_answer", composite, logStream))
                .isZero();

        List<CSVRecord> rows = read(out, CSVFormat.TDF);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("token_f1")).isEqualTo("1.0000");
        assertThat(Files.readString(out)).startsWith("best_answer\tllm_answer\ttoken_f1");
    }

    @Test
    void shouldNameTheMissingColumnAndTheOnesThatExist(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("pairs.csv");
        Files.writeString(in, "question,answer\nq,a\n");

        assertThat(PairsScorer.run(in, dir.resolve("o.csv"), "reference", "candidate", composite, logStream))
                .isEqualTo(2);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("no column 'reference'")
                .contains("[question, answer]");
    }

    private static List<CSVRecord> read(Path file, CSVFormat format) throws IOException {
        try (Reader r = Files.newBufferedReader(file);
                CSVParser p = format.builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(r)) {
            return p.getRecords();
        }
    }
}
