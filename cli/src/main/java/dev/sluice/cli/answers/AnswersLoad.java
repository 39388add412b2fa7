package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.loadgen.HttpTarget;
import dev.sluice.answers.loadgen.KafkaTarget;
import dev.sluice.answers.loadgen.Target;
import dev.sluice.answers.loadgen.TrafficGenerator;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.loadgen.TrafficResult;
import dev.sluice.cli.DurationConverter;
import dev.sluice.cli.SeedOptions;
import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.SummaryOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice answers load}: the traffic generator on its own, against a running gateway over
 * HTTP ({@code --http URL}) or straight into {@code questions.pending} on the configured Kafka.
 * Poisson, constant or bursty arrivals; uniform or Zipf popularity, so repeats reach the gateway's
 * cache; bounded by a count, a duration or both; a progress bar and a summary (or one JSON line).
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description =
                "Drive questions at a gateway (--http URL) or straight to Kafka: Poisson/constant/burst arrivals, uniform/Zipf popularity, bounded by count or duration.")
public final class AnswersLoad implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Option(
            names = "--http",
            paramLabel = "URL",
            description =
                    "the gateway's base URL, e.g. http://localhost:8080; without it, questions go straight to Kafka")
    URI http;

    @Option(
            names = "--dataset",
            description = "a Kaggle-layout or headered Yahoo! Answers CSV (default: the built-in sample)")
    Path dataset;

    @Option(
            names = "--questions",
            defaultValue = "1000",
            description = "stop after this many questions; 0 = bounded by --duration only (default: ${DEFAULT-VALUE})")
    long questions;

    @Option(names = "--duration", converter = DurationConverter.class, description = "stop after this long, e.g. 60s")
    Duration duration;

    @Option(names = "--rate", defaultValue = "20", description = "questions per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(
            names = "--arrival",
            defaultValue = "poisson",
            description = "poisson, constant or burst (default: ${DEFAULT-VALUE})")
    String arrival;

    @Option(
            names = "--burst",
            defaultValue = "20",
            description = "questions per burst with --arrival burst (default: ${DEFAULT-VALUE})")
    int burst;

    @Option(
            names = "--popularity",
            defaultValue = "zipf",
            description = "uniform or zipf: which question of the dataset comes next (default: ${DEFAULT-VALUE})")
    String popularity;

    @Option(names = "--zipf-exponent", defaultValue = "1.0", description = "(default: ${DEFAULT-VALUE})")
    double zipfExponent;

    @Option(
            names = "--concurrency",
            defaultValue = "64",
            description = "most requests outstanding at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Mixin
    SeedOptions seed;

    @Mixin
    SummaryOptions summary;

    @Override
    public Integer call() throws Exception {
        TrafficPlan.Spread spread;
        try {
            spread = TrafficPlan.Spread.valueOf(popularity.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--popularity: '" + popularity + "' is not one of uniform, zipf");
        }
        TrafficPlan plan = TrafficPlan.questions(questions, rate, seed.seed())
                .withArrival(TrafficPlan.parseArrival(arrival), burst)
                .withPopularity(spread, zipfExponent)
                .withBounds(questions, duration)
                .withConcurrency(concurrency);
        List<QaPair> pairs = dataset == null
                ? SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED)
                : DatasetLoader.loadAny(dataset).pairs();
        if (http != null) {
            // A gateway with API keys takes POSTs only with one: send the first of SLUICE_HTTP_API_KEYS.
            var key = stack.load().http().apiKeys().stream().findFirst();
            return run(plan, pairs, new HttpTarget(http, Duration.ofSeconds(30), key), "HTTP " + http);
        }
        var config = stack.load();
        try (Stack running = stack.builder(config)
                        .answers(AnswersSystem.Run.tablesAndTopics("load"))
                        .start();
                KafkaQuestionPublisher publisher = new KafkaQuestionPublisher(
                        running.infra().clients(), "load-" + seed.seed(), Duration.ofSeconds(30))) {
            return run(
                    plan,
                    pairs,
                    new KafkaTarget(publisher, Clock.systemUTC()),
                    "Kafka " + running.infra().bootstrapServers());
        }
    }

    private int run(TrafficPlan plan, List<QaPair> pairs, Target target, String where) throws Exception {
        System.err.println("sluice answers load: " + plan.arrival().name().toLowerCase(Locale.ROOT) + " arrivals at "
                + plan.ratePerSecond() + "/s, " + plan.popularity().name().toLowerCase(Locale.ROOT)
                + " popularity over " + pairs.size() + " questions, to " + where);
        long max = plan.maxQuestions() > 0
                ? plan.maxQuestions()
                : Math.max(1, plan.maxDuration().toSeconds());
        TrafficResult result;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("load")
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build()) {
            result = new TrafficGenerator(plan, pairs, target, p -> {
                        bar.stepTo(
                                plan.maxQuestions() > 0 ? p.sent() : p.elapsed().toSeconds());
                        bar.setExtraMessage(String.format(
                                "queued %d | answered %d | failed %d | %.1f/s",
                                p.queued(), p.answered(), p.failed(), p.rate()));
                    })
                    .run();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", result.sent());
        m.put("queued", result.queued());
        m.put("answered_from_cache_or_store", result.answered());
        m.put("failed", result.failed());
        m.put("elapsed_s", Math.round(result.elapsed().toMillis() / 100.0) / 10.0);
        m.put("rate_per_s", Math.round(result.rate() * 10) / 10.0);
        m.put("max_schedule_lag_ms", result.maxLag().toMillis());
        summary.print(m);
        return result.failed() == 0 ? 0 : 1;
    }
}
