package dev.sluice.cli.answers;

import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.gateway.KafkaQuestionPublisher;
import dev.sluice.answers.llm.LlmClient;
import dev.sluice.answers.llm.LlmClients;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.scoring.ScoringJob;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.answers.storage.StorageService;
import dev.sluice.answers.worker.LlmWorker;
import dev.sluice.cli.StackOptions;
import dev.sluice.cli.infra.Infrastructure;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.delay.DelayScheduler;
import dev.sluice.platform.delay.DelayTiers;
import dev.sluice.platform.kafka.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice answers demo}: every answers service in one process on the configured stack (the
 * LLM simulator by default), N questions through the whole pipeline, live progress from the
 * database, and a summary whose lost/duplicate counts come from the database and the topics.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "The answers pipeline end to end: questions → LLM (simulator) → Flink scoring → PostgreSQL, with a summary.")
public final class AnswersDemo implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Option(names = "--questions", defaultValue = "200", description = "distinct questions to send (default: ${DEFAULT-VALUE})")
  int questions;

  @Option(names = "--dataset", description = "a Kaggle-layout or headered Yahoo! Answers CSV (default: the built-in sample)")
  Path dataset;

  @Option(names = "--workers", defaultValue = "2")
  int workers;

  @Option(names = "--timeout", defaultValue = "5m", converter = dev.sluice.cli.DurationConverter.class)
  Duration timeout;

  @Option(names = "--json", description = "end with one JSON line for scripts")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SluiceConfig config = stack.load();
    List<QaPair> pairs = dataset == null ? SampleDataset.pairs(SampleDataset.maxSize(), SampleDataset.DEFAULT_SEED) : DatasetLoader.loadAny(dataset).pairs();
    if (questions > pairs.size()) {
      throw new IllegalArgumentException("--questions: the dataset has only " + pairs.size() + " questions");
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    Clock clock = Clock.systemUTC();
    System.err.println("sluice answers demo: starting the stack in " + config.workDir().toAbsolutePath() + " (LLM SIMULATOR) ...");
    try (Infrastructure infra = AnswersCommand.infra(config, stack.fresh())) {
      return runOn(config, infra, pairs, run, clock);
    }
  }

  private int runOn(SluiceConfig config, Infrastructure infra, List<QaPair> pairs, String run, Clock clock) throws Exception {
    List<AutoCloseable> started = new ArrayList<>();
    try {
      LlmSimulator sim = new LlmSimulator(SimulatorSettings.demo(42), ReferenceAnswers.fromPairs(pairs)).start();
      started.add(sim);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      for (DelayTiers tiers : List.of(AnswersTopics.OVERLOAD_RETRY, AnswersTopics.QUOTA_RETRY)) {
        started.add(new DelayScheduler(infra.kafkaClientProps(), tiers, DelayScheduler.Settings.of(tiers.prefix() + ".scheduler", "demo"), clock, meters).start());
      }
      for (int i = 0; i < workers; i++) {
        LlmClient client = LlmClients.create(LlmSettings.local(LlmProvider.OPENAI, sim.baseUrl(), SimulatorSettings.MODEL, Duration.ofSeconds(30)));
        started.add(client);
        LlmWorker worker = new LlmWorker(infra.clients(), client, LlmWorker.Settings.of("answers.workers", "demo-" + i), clock, meters).start();
        started.add(worker::close);
      }
      StorageService storage = new StorageService(infra.clients(), infra.database().dataSource()).start();
      started.add(storage::stop);
      ScoringJobSettings scoring = ScoringJobSettings.defaults(infra.bootstrapServers())
          .withThreshold(AnswersCommand.doubleKey(config, "answers.threshold", ScoringJobSettings.DEFAULT_THRESHOLD))
          .withMaxAttempts((int) AnswersCommand.doubleKey(config, "answers.max-attempts", ScoringJobSettings.DEFAULT_MAX_ATTEMPTS))
          .withCheckpointInterval(config.flink().checkpointInterval());
      StreamExecutionEnvironment env = infra.flink().environment();
      env.setParallelism(config.flink().parallelism());
      ScoringJob.build(env, scoring);
      JobClient job = env.executeAsync(ScoringJob.NAME);
      started.add(() -> job.cancel().get());

      long t0 = System.currentTimeMillis();
      try (KafkaQuestionPublisher publisher = new KafkaQuestionPublisher(infra.clients(), "demo-" + run, Duration.ofSeconds(30))) {
        for (int i = 0; i < questions; i++) {
          QaPair p = pairs.get(i);
          publisher.publish(QuestionTask.first(run + "-" + p.id(), p.title(), p.content(), p.bestAnswer(), clock.instant()));
        }
      }
      Counts c = Counts.read(infra, run);
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("answers").setInitialMax(questions).setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(500).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build()) {
        long deadline = t0 + timeout.toMillis();
        while (c.validated + c.dead < questions && System.currentTimeMillis() < deadline) {
          LockSupport.parkNanos(500_000_000L);
          c = Counts.read(infra, run);
          double rate = c.validated * 1000.0 / Math.max(1, System.currentTimeMillis() - t0);
          bar.stepTo(c.validated + c.dead);
          bar.setExtraMessage(String.format("validated %d, dead %d, attempts %d, regenerating %d, %.1f/s", c.validated, c.dead, c.attempts, c.regenerating, rate));
        }
      }
      long duplicates = duplicatesOnValidated(infra, run);
      var stats = sim.stats();
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("submitted", questions);
      summary.put("validated", c.validated);
      summary.put("passed_threshold", c.passed);
      summary.put("dead_lettered", c.dead);
      summary.put("lost", questions - c.validated - c.dead);
      summary.put("duplicates", duplicates);
      summary.put("llm_calls", stats.requests());
      summary.put("retries_overload", stats.overloaded());
      summary.put("retries_quota", stats.quotaRejected());
      summary.put("regenerations", c.regenerations);
      summary.put("mean_score_first_attempt", round(c.meanFirst));
      summary.put("mean_score_final", round(c.meanFinal));
      summary.put("e2e_latency_ms_p50", c.p50);
      summary.put("e2e_latency_ms_p95", c.p95);
      summary.put("elapsed_s", (System.currentTimeMillis() - t0) / 1000.0);
      dev.sluice.cli.Summary.print(summary, json);
      return questions - c.validated - c.dead == 0 && duplicates == 0 ? 0 : 1;
    } finally {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception e) {
          System.err.println("  closing: " + e);
        }
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Validated records per question of this run, read_committed from the start: more than one is a duplicate. */
  private static long duplicatesOnValidated(Infrastructure infra, String run) {
    Map<String, Object> props = infra.clients().consumerProps("demo-dup-check-" + run, true);
    Map<String, Integer> perQuestion = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> parts = consumer.partitionsFor(AnswersTopics.VALIDATED).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.currentTimeMillis() + 30_000;
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          if (key.startsWith(run + "-")) {
            perQuestion.merge(key, 1, Integer::sum);
          }
        }
      }
    }
    return perQuestion.values().stream().mapToLong(n -> n - 1).sum();
  }

  /** What the database says about this run. */
  private record Counts(long validated, long passed, long dead, long attempts, long regenerating, long regenerations,
      double meanFirst, double meanFinal, long p50, long p95) {
    static Counts read(Infrastructure infra, String run) throws Exception {
      String like = run + "-%";
      try (Connection c = infra.database().dataSource().getConnection()) {
        long validated = one(c, "SELECT count(*) FROM answers.questions WHERE question_id LIKE ?", like);
        long passed = one(c, "SELECT count(*) FROM answers.questions WHERE passed AND question_id LIKE ?", like);
        long dead = one(c, "SELECT count(DISTINCT question_id) FROM answers.dead_letters WHERE question_id LIKE ? "
            + "AND question_id NOT IN (SELECT question_id FROM answers.questions)", like);
        long attempts = one(c, "SELECT count(*) FROM answers.attempts WHERE question_id LIKE ?", like);
        long regenerations = one(c, "SELECT count(*) FROM answers.attempts WHERE attempt > 1 AND question_id LIKE ?", like);
        long regenerating = one(c, "SELECT count(DISTINCT question_id) FROM answers.attempts a WHERE question_id LIKE ? "
            + "AND NOT EXISTS (SELECT 1 FROM answers.questions q WHERE q.question_id = a.question_id)", like);
        double meanFirst = dbl(c, "SELECT coalesce(avg(score), 0) FROM answers.attempts WHERE attempt = 1 AND question_id LIKE ?", like);
        double meanFinal = dbl(c, "SELECT coalesce(avg(score), 0) FROM answers.questions WHERE question_id LIKE ?", like);
        long p50 = one(c, "SELECT coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000), 0)::bigint FROM answers.questions WHERE question_id LIKE ?", like);
        long p95 = one(c, "SELECT coalesce(percentile_disc(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000), 0)::bigint FROM answers.questions WHERE question_id LIKE ?", like);
        return new Counts(validated, passed, dead, attempts, regenerating, regenerations, meanFirst, meanFinal, p50, p95);
      }
    }

    private static long one(Connection c, String sql, String like) throws Exception {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, like);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    private static double dbl(Connection c, String sql, String like) throws Exception {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, like);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getDouble(1);
        }
      }
    }
  }
}
