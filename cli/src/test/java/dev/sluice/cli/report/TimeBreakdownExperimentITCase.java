package dev.sluice.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.analysis.timeline.QuestionTrace;
import dev.sluice.answers.analysis.timeline.Stage;
import dev.sluice.answers.analysis.timeline.StageSummary;
import dev.sluice.cli.report.TimeBreakdownExperiment.LoadRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time-breakdown experiment in quick mode on the real embedded stack (Kafka, PostgreSQL, Flink,
 * the gateway over HTTP, the LLM simulator): both loads split into every stage, the shares add up,
 * the chart and its CSV are written, and the split agrees with what was measured end to end.
 */
class TimeBreakdownExperimentITCase {
    @TempDir
    Path out;

    private static Optional<Path> sharedYahoo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path yahoo = p.resolve("shared").resolve("data").resolve("yahoo");
            if (Files.isDirectory(yahoo)) {
                return Optional.of(yahoo);
            }
        }
        return Optional.empty();
    }

    @Test
    void shouldSplitEveryQuestionsTimeIntoStagesAtALowAndAHighLoad() throws Exception {
        ExperimentContext context =
                new ExperimentContext(out, true, 7, sharedYahoo().orElse(null), line -> System.out.println(line));
        TimeBreakdownExperiment experiment = new TimeBreakdownExperiment();
        long started = System.nanoTime();
        TimeBreakdownExperiment.Measured measured = experiment.measure(context);
        Section section = experiment.section(context, measured);
        System.out.println(section.markdown());
        System.out.printf("quick run took %.1f s%n", (System.nanoTime() - started) / 1e9);

        List<LoadRun> loads = measured.loads();
        assertThat(loads).extracting(LoadRun::name).containsExactly("low", "high");
        for (LoadRun load : loads) {
            StageSummary s = load.summary();
            assertThat(s.questions()).as(load.name() + ": questions split").isGreaterThanOrEqualTo(5);
            // most stored questions could be followed through every record
            assertThat(s.questions()).as(load.name()).isGreaterThanOrEqualTo((int)
                    (0.9 * load.splits().size()));
            assertThat(load.attemptMismatches())
                    .as(load.name() + ": attempts in Kafka vs PostgreSQL")
                    .isZero();
            double shares = 0;
            double meanSum = 0;
            for (Stage stage : Stage.values()) {
                StageSummary.Stats x = s.of(stage);
                assertThat(x.mean()).as(load.name() + " " + stage).isNotNaN().isGreaterThanOrEqualTo(0);
                shares += x.share();
                meanSum += x.mean();
            }
            assertThat(shares).as(load.name() + ": shares").isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
            // the stages' means add up to the mean measured from the client's send to the stored row
            double measuredE2e = load.traces().stream()
                    .filter(t -> t.storedAt() >= 0 && t.stages().complete())
                    .mapToLong(t -> t.storedAt() - t.sentAt())
                    .average()
                    .orElseThrow();
            assertThat(meanSum)
                    .as(load.name() + ": sum of stage means")
                    .isCloseTo(measuredE2e, org.assertj.core.data.Offset.offset(1.0));
            for (QuestionTrace.Split split : load.splits()) {
                if (split.complete()) {
                    for (Stage stage : Stage.values()) {
                        // causality: a stage below -100 ms means two events were joined in the wrong order
                        assertThat(split.of(stage))
                                .as(load.name() + " " + stage)
                                .isGreaterThan(-100);
                    }
                    // every question waited for at least one LLM call and went through scoring
                    assertThat(split.of(Stage.LLM)).isPositive();
                }
            }
        }
        // exactly-once output: a result waits for a checkpoint to complete, on average a good part of the interval
        long interval = measured.checkpoint().toMillis();
        assertThat(loads.get(0).summary().of(Stage.CHECKPOINT).mean())
                .as("low load's checkpoint wait")
                .isBetween(0.1 * interval, 3.0 * interval);
        // the high load is above the simulated quota: retries happen
        assertThat(loads.get(1).llm().quotaRejected() + loads.get(1).llm().overloaded())
                .as("calls the simulator refused at high load")
                .isPositive();
        assertThat(loads.get(1).summary().of(Stage.RETRY).mean()).isPositive();

        // the section: both tables, every stage, shares adding up to 100%
        String md = section.markdown();
        assertThat(md).contains("**low load**").contains("**high load**").contains("Where the time goes.");
        for (Stage stage : Stage.values()) {
            assertThat(md).contains("| " + stage.label() + " |");
        }
        for (String table : md.split("\\*\\*(low|high) load\\*\\*")) {
            Matcher m = Pattern.compile("\\| ([0-9]+\\.[0-9])% \\|").matcher(table.split("!\\[")[0]);
            double sum = 0;
            int found = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
                found++;
            }
            if (found > 0) {
                assertThat(found).isEqualTo(Stage.values().length);
                assertThat(sum).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.5));
            }
        }
        assertThat(section.files())
                .extracting(p -> p.getFileName().toString())
                .contains(TimeBreakdownReport.CHART, TimeBreakdownReport.CHART_CSV);
        for (Path f : section.files()) {
            assertThat(f).exists();
            assertThat(Files.size(f)).as(f.toString()).isPositive();
        }
        assertThat(Files.readAllLines(out.resolve(TimeBreakdownReport.CHART_CSV)))
                .hasSize(1 + 2 * Stage.values().length);
    }
}
