package dev.sluice.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.answers.analysis.Experiment;
import dev.sluice.cli.Main;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.test.ConsoleCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice report answers --quick} end to end, as CI runs it: every experiment of
 * {@link Experiments#all()} on its real parts (the storage experiment on the embedded Kafka,
 * PostgreSQL and Flink), into one directory, as Markdown and PDF.
 */
class ReportAnswersITCase {
    @TempDir
    Path out;

    /** The shared data ({@code ../shared/data/yahoo} next to the checkout), wherever the test runs from. */
    private static java.util.Optional<Path> sharedYahoo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path yahoo = p.resolve("shared").resolve("data").resolve("yahoo");
            if (Files.isDirectory(yahoo)) {
                return java.util.Optional.of(yahoo);
            }
        }
        return java.util.Optional.empty();
    }

    @Test
    void quickReportShouldHaveEverySectionItsFilesAPdfAndTheNumbers() throws Exception {
        ConsoleCapture console = ConsoleCapture.startStdout();
        int code;
        try (console) {
            List<String> args = new java.util.ArrayList<>(
                    List.of("report", "answers", "--quick", "--out", out.toString(), "--json"));
            sharedYahoo().ifPresent(dir -> args.addAll(List.of("--yahoo", dir.toString())));
            code = Main.run(args.toArray(String[]::new));
        }
        JsonNode summary = Json.mapper().readTree(console.lastOutLine());
        assertThat(code).as(summary.toString()).isZero();

        List<Experiment> all = Experiments.all();
        String md = Files.readString(out.resolve("answers.md"));
        assertThat(md).contains("./sluice report answers --quick --out ");
        assertThat(summary.get("sections").asInt()).isEqualTo(all.size());
        for (int i = 0; i < all.size(); i++) {
            Experiment e = all.get(i);
            assertThat(md)
                    .contains("<a id=\"" + e.id() + "\"></a>")
                    .contains("## " + (i + 1) + ". " + e.title() + "\n")
                    .contains("](#" + e.id() + ")");
            JsonNode numbers = summary.at("/numbers/" + e.id());
            assertThat(numbers.isObject() && numbers.size() > 0)
                    .as("numbers of " + e.id() + ": " + numbers)
                    .isTrue();
            assertThat(numbers.has("failed")).as(numbers.toString()).isFalse();
            JsonNode files = summary.at("/files/" + e.id());
            assertThat(files.size()).as("files of " + e.id()).isPositive();
            for (JsonNode name : files) {
                Path file = out.resolve(name.asText());
                assertThat(file).as(e.id()).isRegularFile();
                assertThat(Files.size(file)).as(file.toString()).isPositive();
                if (name.asText().endsWith(".png")) {
                    assertThat(Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
                }
            }
        }

        Path pdf = out.resolve("answers.pdf");
        assertThat(Files.readAllBytes(pdf)).startsWith('%', 'P', 'D', 'F');
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            // the title page, then every section starts a page of its own
            assertThat(doc.getNumberOfPages()).isGreaterThan(all.size());
        }

        JsonNode storage = summary.at("/numbers/storage");
        assertThat(storage.get("asked_matches_arrivals").asBoolean())
                .as(storage.toString())
                .isTrue();
        assertThat(storage.get("hits_match_answered").asBoolean())
                .as(storage.toString())
                .isTrue();
        assertThat(storage.get("asked_count_total").asLong())
                .isEqualTo(storage.get("arrivals_accepted").asLong())
                .isEqualTo(300);
        assertThat(storage.get("stored_rows").asLong()
                        + storage.get("dead_lettered").asLong())
                .isEqualTo(storage.get("distinct_questions").asLong());
        assertThat(storage.get("asked_count_max").asLong()).as("Zipf repeats").isGreaterThan(1);
    }
}
