package dev.sluice.cli;

import dev.sluice.platform.delay.bench.DelayBench;
import dev.sluice.platform.delay.bench.DelayBenchReport;
import dev.sluice.platform.report.MarkdownSection;
import dev.sluice.platform.report.Memory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice bench delay}: wires {@link DelayBench} (delay topics vs raw Kafka) to the stack and
 * reports how long the embedded stack took to start and its memory.
 */
@Command(
        name = "delay",
        mixinStandardHelpOptions = true,
        description = "Delay topics vs raw Kafka produce→consume, plus embedded stack start-up and memory.")
final class BenchDelayCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(
            names = "--rates",
            split = ",",
            defaultValue = "1000,10000",
            description = "offered records/s to test (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(
            names = "--seconds",
            defaultValue = "20",
            description = "seconds of load per rate (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--record-bytes", defaultValue = "200", description = "value size (default: ${DEFAULT-VALUE})")
    int recordBytes;

    @Option(names = "--min-delay", defaultValue = "1s", converter = DurationConverter.class)
    Duration minDelay;

    @Option(names = "--max-delay", defaultValue = "5s", converter = DurationConverter.class)
    Duration maxDelay;

    @Mixin
    BenchDocOptions doc;

    @Mixin
    SummaryOptions summary;

    @Override
    public Integer call() throws Exception {
        DelayBench.Settings settings = new DelayBench.Settings(rates, seconds, recordBytes, minDelay, maxDelay);
        var config = stack.load();
        long t0 = System.nanoTime();
        try (Stack running = stack.builder(config).instance("bench").start()) {
            var infra = running.infra();
            Duration startup = Duration.ofNanos(System.nanoTime() - t0);
            long rss = Memory.residentBytes(config.workDir());
            List<Map<String, Object>> rows = new DelayBench(
                            infra.clients(), infra.kafkaClientProps(), infra.delayTiers(), Clock.systemUTC(), settings)
                    .run();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("startup_ms", startup.toMillis());
            infra.startTimes().forEach((k, v) -> result.put("startup_ms_" + k, v.toMillis()));
            result.put("rss_mb", rss / (1024 * 1024));
            result.put("rates", rows);
            if (doc.file().isPresent()) {
                MarkdownSection.of("delay").write(doc.file().get(), DelayBenchReport.markdown(settings, result, rows));
            }
            summary.print(result);
            return DelayBench.ok(rows) ? 0 : 1;
        }
    }
}
