package dev.sluice.answers.scoring;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.scoring.Scorer;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The answers pipeline's scoring job (DESIGN.md, "Scoring job"): reads every generated answer,
 * scores it against the community's best answer and closes the feedback loop.
 *
 * <pre>
 * answers.generated ─ parse ─┬─ keyBy(question) ─ AttemptDecider ─┬─ answers.scored     (every attempt)
 *                            │                                    ├─ answers.validated  (passed, or best so far)
 *                            │                                    ├─ keyBy(one) ─ RegenerationBudget ─┬─ questions.pending (granted)
 *                            │                                    │                                   └─ answers.validated (budget spent)
 *                            └─ poison ───────────────────────────┴─ questions.dlq      (poison, scoring failure)
 * </pre>
 *
 * <p>Exactly once end to end: the Kafka source's offsets and the decider's keyed state are in the
 * same checkpoint, and every sink is transactional, committed when that checkpoint completes. Output
 * therefore reaches read_committed readers one checkpoint interval after it is produced.
 *
 * <p>The scorer is the semantic composite by default ({@link ScoringJobSettings#scorer()}); its models
 * load once per task manager when the decider opens, and attempts are scored in batches.
 *
 * <p>This class only wires; the logic is in {@link ParseGenerated} and {@link AttemptDecider}.
 */
public final class ScoringJob {
    public static final String NAME = "answers-scoring";

    private ScoringJob() {}

    /** Wires the job with Kafka and the scorer from the settings; call {@code env.execute} next. */
    public static void build(StreamExecutionEnvironment env, ScoringJobSettings settings) {
        build(env, settings, ScoringJobIo.kafka(settings), settings.scorer().create());
    }

    /** Wires the job onto {@code env} with the given source, sinks and pair-at-a-time scorer. */
    public static <S extends Scorer & Serializable> void build(
            StreamExecutionEnvironment env, ScoringJobSettings settings, ScoringJobIo io, S scorer) {
        build(env, settings, io, BatchScorer.pairwise(Objects.requireNonNull(scorer, "scorer")));
    }

    /** Wires the job onto {@code env} with the given source, sinks and batch scorer. */
    public static void build(
            StreamExecutionEnvironment env, ScoringJobSettings settings, ScoringJobIo io, BatchScorer scorer) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(scorer, "scorer");
        env.enableCheckpointing(settings.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // every type in flight or in state is a record Flink serialises as a POJO (FlinkTypesTest);
        // with generic types off, a type that would fall back to Kryo fails at submit, not in production
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(noKryo);

        SingleOutputStreamOperator<ReceivedAnswer> parsed = env.fromSource(
                        io.source(), WatermarkStrategy.noWatermarks(), "answers.generated")
                .uid("scoring-source")
                .process(new ParseGenerated())
                .returns(TypeInformation.of(ReceivedAnswer.class))
                .name("parse")
                .uid("scoring-parse");

        SingleOutputStreamOperator<ScoredAttempt> scored = parsed.keyBy(ReceivedAnswer::questionId)
                .transform("decide", TypeInformation.of(ScoredAttempt.class), AttemptDecider.of(scorer, settings))
                .uid("scoring-decide");

        scored.sinkTo(io.scored()).name(AnswersTopics.SCORED).uid("scoring-sink-scored");
        // every regeneration request passes the run's budget: one counter, on one key (RegenerationBudget)
        SingleOutputStreamOperator<QuestionTask> granted = scored.getSideOutput(AttemptDecider.REGENERATE)
                .keyBy(RegenerationBudget.ONE_COUNTER)
                .process(new RegenerationBudget(settings.regeneration().budget()))
                .returns(TypeInformation.of(QuestionTask.class))
                .name("regeneration-budget")
                .uid("scoring-regeneration-budget");
        scored.getSideOutput(AttemptDecider.VALIDATED)
                .union(granted.getSideOutput(RegenerationBudget.REFUSED))
                .sinkTo(io.validated())
                .name(AnswersTopics.VALIDATED)
                .uid("scoring-sink-validated");
        granted.sinkTo(io.pending()).name(AnswersTopics.PENDING).uid("scoring-sink-pending");
        DataStream<DeadLetter> deadLetters =
                parsed.getSideOutput(DeadLetters.TAG).union(scored.getSideOutput(DeadLetters.TAG));
        deadLetters.sinkTo(io.deadLetters()).name(AnswersTopics.DLQ).uid("scoring-sink-dlq");
    }
}
