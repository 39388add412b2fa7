package dev.sluice.cli;

import dev.sluice.platform.delay.DelayedRecords;
import dev.sluice.platform.delay.bench.DelayRun;
import dev.sluice.platform.kafka.TopicSpec;
import dev.sluice.platform.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The platform demo: starts the embedded stack (real Kafka, PostgreSQL, Flink MiniCluster), sends
 * records with mixed delays through the delay topics and checks what arrived.
 */
@Command(
        name = "delay-demo",
        mixinStandardHelpOptions = true,
        description = "The platform demo: records with mixed delays through the delay topics, checked on arrival.")
final class DelayDemoCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(
            names = "--records",
            defaultValue = "2000",
            description = "delayed records to send (default: ${DEFAULT-VALUE})")
    int records;

    @Option(names = "--rate", defaultValue = "500", description = "records per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--max-delay",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "longest delay; delays are log-uniform from 1 ms (default: ${DEFAULT-VALUE})")
    Duration maxDelay;

    @Mixin
    SummaryOptions output;

    @Override
    public Integer call() throws Exception {
        var config = stack.load();
        System.err.println(
                "sluice demo: starting the stack in " + config.workDir().toAbsolutePath() + " ...");
        try (Stack running =
                stack.builder(config).instance("demo").delayScheduler().start()) {
            var infra = running.infra();
            System.err.printf(
                    "  kafka %s | postgres %s | flink web UI %s%n",
                    infra.bootstrapServers(), infra.jdbcUrl(), infra.flinkWebUi());
            String target = "sluice.demo.delivered";
            try (Admin admin = infra.clients().admin()) {
                Topics.ensure(admin, List.of(TopicSpec.of(target, config.kafka().partitions())));
            }
            String runId = UUID.randomUUID().toString().substring(0, 8);
            Clock clock = Clock.systemUTC();
            long started = System.currentTimeMillis();
            try (DelayRun run = new DelayRun(infra.clients(), target, runId);
                    ProgressBar bar = new ProgressBarBuilder()
                            .setTaskName("delivered")
                            .setInitialMax(records)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUpdateIntervalMillis(250)
                            .continuousUpdate()
                            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                            .build()) {
                Thread sender = new Thread(
                        () -> run.send(
                                records,
                                rate,
                                100,
                                Duration.ofMillis(1),
                                maxDelay,
                                new DelayedRecords(infra.delayTiers(), clock),
                                42,
                                null),
                        "demo-sender");
                sender.start();
                long deadline =
                        System.currentTimeMillis() + (long) (records / rate * 1000) + maxDelay.toMillis() + 60_000;
                while (run.distinct() < records && System.currentTimeMillis() < deadline) {
                    bar.stepTo(run.distinct());
                    bar.setExtraMessage("waiting " + (records - run.distinct()));
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                }
                bar.stepTo(run.distinct());
                sender.join();
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("records", records);
                summary.put("delivered", run.distinct());
                summary.put("lost", records - run.distinct());
                summary.put("duplicates", run.duplicates());
                summary.put("early", run.early());
                summary.put("lateness_ms_p50", run.lateness().getValueAtPercentile(50));
                summary.put("lateness_ms_p99", run.lateness().getValueAtPercentile(99));
                summary.put("lateness_ms_max", run.lateness().getMaxValue());
                summary.put("elapsed_s", (System.currentTimeMillis() - started) / 1000.0);
                bar.close();
                output.print(summary);
                boolean ok = records == run.distinct() && run.duplicates() == 0 && run.early() == 0;
                return ok ? 0 : 1;
            }
        }
    }
}
