package dev.sluice.cli;

import dev.sluice.answers.bench.ScoringBench;
import dev.sluice.answers.bench.ScoringBenchReport;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.platform.report.MarkdownSection;
import dev.sluice.scoring.embed.SentenceEncoder;
import dev.sluice.scoring.embed.SentenceEncoders;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice bench scoring}: starts the stack and the models and runs {@link ScoringBench} (the
 * semantic scorer in the Flink job vs raw batched inference, and the latency it adds); writes its
 * section of docs/benchmarks.md ({@code <!-- bench:scoring:start -->}).
 */
@Command(
        name = "scoring",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Answers/s of the semantic scorer in the Flink job vs raw batched inference, and the latency it adds; results to docs/benchmarks.md.")
final class BenchScoringCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(
            names = "--questions",
            defaultValue = "200",
            description = "questions from the sample dataset (default: ${DEFAULT-VALUE})")
    int questions;

    @Option(
            names = "--attempts",
            defaultValue = "2",
            description =
                    "answers per question; attempts after the first reuse the reference's embedding (default: ${DEFAULT-VALUE})")
    int attempts;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description =
                    "scoring subtasks, as flink.parallelism; each model call gets cores/parallelism ONNX threads, and raw inference runs as many streams (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--batch-size",
            defaultValue = "" + ScoringJobSettings.DEFAULT_BATCH_SIZE,
            description = "answers per model call, in the job and raw (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--batch-timeout",
            defaultValue = "20ms",
            converter = DurationConverter.class,
            description = "how long a batch waits to fill (default: ${DEFAULT-VALUE})")
    Duration batchTimeout;

    @Option(
            names = "--latency-rate",
            defaultValue = "0",
            description =
                    "answers/s offered in the latency runs; 0 = half the job's measured throughput (default: ${DEFAULT-VALUE})")
    double latencyRate;

    @Option(
            names = "--latency-seconds",
            defaultValue = "20",
            description = "length of each latency run (default: ${DEFAULT-VALUE})")
    int latencySeconds;

    @Mixin
    BenchDocOptions doc;

    @Mixin
    SummaryOptions summary;

    @Override
    public Integer call() throws Exception {
        double loadAverage = ScoringBench.loadAverage();
        var config = stack.load();
        ScoringBench.Settings settings = new ScoringBench.Settings(
                questions,
                attempts,
                parallelism,
                batchSize,
                batchTimeout,
                latencyRate,
                latencySeconds,
                config.flink().checkpointInterval());
        Map<String, Object> result;
        try (Stack running = stack.builder(config).start();
                SentenceEncoders models =
                        SentenceEncoders.load(settings.onnxThreads(), SentenceEncoder.DEFAULT_MAX_WINDOWS)) {
            var infra = running.infra();
            result = new ScoringBench(infra.clients(), infra.flink(), infra.bootstrapServers(), settings)
                    .run(models, loadAverage);
        }
        if (doc.file().isPresent()) {
            MarkdownSection.of("scoring").write(doc.file().get(), ScoringBenchReport.markdown(settings, result));
        }
        summary.print(result);
        return ScoringBench.targetMet(result) ? 0 : 1;
    }
}
