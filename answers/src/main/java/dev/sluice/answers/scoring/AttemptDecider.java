package dev.sluice.answers.scoring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.platform.kafka.JsonSerde;

/**
 * The feedback loop's decision, per question (keyed by question id): score each new attempt, emit
 * it as a {@link ScoredAttempt}, then either validate it (score at or above the threshold), ask for
 * another attempt ({@link QuestionTask} to {@code questions.pending}) while attempts are left, or
 * validate the best attempt so far with {@code passed = false} once the cap is reached.
 *
 * <p>Keyed state makes it idempotent: an attempt number already seen, or any attempt of a question
 * already decided, is dropped, so redeliveries after a worker crash neither double a score nor
 * start a second regeneration. Processing time comes from Flink's timer service, so tests set it.
 */
public final class AttemptDecider extends KeyedProcessFunction<String, ReceivedAnswer, ScoredAttempt> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<ValidatedAnswer> VALIDATED =
      new OutputTag<>("validated", TypeInformation.of(ValidatedAnswer.class));
  public static final OutputTag<QuestionTask> REGENERATE =
      new OutputTag<>("regenerate", TypeInformation.of(QuestionTask.class));

  private final Scorer scorer;
  private final double threshold;
  private final int maxAttempts;
  private final Duration stateRetention;

  private transient ValueState<Progress> progress;
  private transient MapState<Integer, Boolean> seen;
  private transient JsonSerde<GeneratedAnswer> serde;
  private transient Counter duplicates;
  private transient Counter afterDecision;

  public AttemptDecider(Scorer scorer, double threshold, int maxAttempts, Duration stateRetention) {
    this.scorer = Objects.requireNonNull(scorer, "scorer");
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold: must be within [0, 1], was " + threshold);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: must be at least 1, was " + maxAttempts);
    }
    this.threshold = threshold;
    this.maxAttempts = maxAttempts;
    this.stateRetention = Objects.requireNonNull(stateRetention, "stateRetention");
  }

  public static AttemptDecider of(Scorer scorer, ScoringJobSettings settings) {
    return new AttemptDecider(scorer, settings.threshold(), settings.maxAttempts(), settings.stateRetention());
  }

  @Override
  public void open(OpenContext openContext) {
    // a question's state lives until its last write plus the retention, so finished questions do not pile up
    StateTtlConfig ttl = StateTtlConfig.newBuilder(stateRetention).updateTtlOnCreateAndWrite().neverReturnExpired().build();
    ValueStateDescriptor<Progress> progressDescriptor = new ValueStateDescriptor<>("progress", TypeInformation.of(Progress.class));
    progressDescriptor.enableTimeToLive(ttl);
    MapStateDescriptor<Integer, Boolean> seenDescriptor = new MapStateDescriptor<>("attempts-seen", Types.INT, Types.BOOLEAN);
    seenDescriptor.enableTimeToLive(ttl);
    progress = getRuntimeContext().getState(progressDescriptor);
    seen = getRuntimeContext().getMapState(seenDescriptor);
    serde = JsonSerde.of(GeneratedAnswer.class);
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateAttempts");
    afterDecision = getRuntimeContext().getMetricGroup().counter("attemptsAfterDecision");
  }

  @Override
  public void processElement(ReceivedAnswer received, Context ctx, Collector<ScoredAttempt> out) throws Exception {
    GeneratedAnswer answer = received.answer();
    Progress current = progress.value() == null ? Progress.start() : progress.value();
    if (current.decided()) {
      afterDecision.inc();
      return;
    }
    if (seen.contains(answer.attempt())) {
      duplicates.inc();
      return;
    }
    seen.put(answer.attempt(), true);
    Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());

    double score;
    try {
      score = checked(scorer.score(answer.bestAnswer(), answer.answer()));
    } catch (RuntimeException e) {
      String payload = new String(serde.toBytes(answer), StandardCharsets.UTF_8);
      ctx.output(DeadLetters.TAG, DeadLetters.scoringFailed(received, payload, e, now));
      decide(current);
      return;
    }
    out.collect(new ScoredAttempt(answer.questionId(), answer.attempt(), score, scorer.name(), answer.answer(),
        answer.model(), answer.latencyMs(), answer.overloadRetries(), answer.quotaRetries(), answer.generatedAt(), now));

    Progress next = current.scored(answer, score);
    if (score >= threshold) {
      ctx.output(VALIDATED, validated(answer, answer.attempt(), score, answer.answer(), answer.model(),
          next.attempts(), true, now));
      decide(next);
    } else if (answer.attempt() < maxAttempts) {
      ctx.output(REGENERATE, answer.nextAttempt());
      progress.update(next);
    } else {
      ctx.output(VALIDATED, validated(answer, next.bestAttempt(), next.bestScore(), next.bestAnswer(), next.bestModel(),
          next.attempts(), false, now));
      decide(next);
    }
  }

  private void decide(Progress last) throws Exception {
    progress.update(last.markDecided());
    // the decided marker alone drops every later attempt, so the per-attempt set is no longer needed
    seen.clear();
  }

  private double checked(double score) {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalStateException("scorer " + scorer.name() + " returned " + score + ", outside [0, 1]");
    }
    return score;
  }

  private static ValidatedAnswer validated(GeneratedAnswer question, int bestAttempt, double score, String answer,
      String model, int attempts, boolean passed, Instant now) {
    return new ValidatedAnswer(question.questionId(), question.title(), question.content(), question.bestAnswer(),
        answer, score, bestAttempt, attempts, passed, model, question.submittedAt(), now);
  }
}
