package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.platform.test.FlinkExtension;
import dev.sluice.platform.test.KafkaExtension;
import dev.sluice.scoring.Scorer;
import dev.sluice.scoring.TokenF1;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The running job fails once after a completed checkpoint and restarts from it: read_committed
 * readers still see every result exactly once (aborted transactions hidden, state restored).
 */
class ScoringJobRecoveryITCase {
    private static final String REFERENCE = "boil the water for ten minutes to make it safe";
    private static final String MARKER = "explode";
    // the MiniCluster runs tasks in this JVM, so the scorer's one-shot trigger can be a static
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @RegisterExtension
    static KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static FlinkExtension flink = new FlinkExtension();

    /** Token F1, except that the first candidate containing the marker kills the task. */
    static final class FailOnceScorer implements Scorer, Serializable {
        private final TokenF1 delegate = new TokenF1();

        @Override
        public double score(String reference, String candidate) {
            if (candidate.contains(MARKER) && FAILED.compareAndSet(false, true)) {
                // an Error, not an exception: the decider dead-letters exceptions, this must fail the task
                throw new AssertionError("injected task failure");
            }
            return delegate.score(reference, candidate);
        }

        @Override
        public String name() {
            return delegate.name();
        }
    }

    @Test
    void shouldEmitEveryResultExactlyOnceAcrossARestartFromCheckpoint() throws Exception {
        for (String topic : List.of(
                AnswersTopics.GENERATED, AnswersTopics.SCORED, AnswersTopics.VALIDATED, AnswersTopics.PENDING)) {
            kafka.createTopic(topic, 2);
        }
        kafka.createTopic(AnswersTopics.DLQ, 1);
        ScoringJobSettings settings = ScoringJobSettings.defaults(kafka.bootstrapServers())
                .withNames("scoring-recovery", "scoring-recovery")
                .withThreshold(0.8)
                .withMaxAttempts(3)
                .withCheckpointInterval(Duration.ofMillis(300));
        StreamExecutionEnvironment env = flink.environment();
        env.setParallelism(FlinkExtension.TASK_SLOTS);
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restart);
        ScoringJob.build(env, settings, ScoringJobIo.kafka(settings), new FailOnceScorer());
        JobClient job = env.executeAsync(ScoringJob.NAME + "-recovery");
        try (KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer()) {
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-a", 1, REFERENCE, REFERENCE));
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-b", 1, REFERENCE, "buy a new phone"));
            // visible to read_committed readers means a checkpoint holding this state has completed
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> read(AnswersTopics.PENDING, QuestionTask.class).size() == 1);

            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-b", 2, REFERENCE, REFERENCE + " " + MARKER));
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-c", 1, REFERENCE, REFERENCE));
            await().atMost(Duration.ofSeconds(45))
                    .until(() ->
                            read(AnswersTopics.VALIDATED, ValidatedAnswer.class).size() >= 3);
        } finally {
            job.cancel().get();
        }

        assertThat(FAILED).as("the injected failure happened").isTrue();
        assertThat(read(AnswersTopics.VALIDATED, ValidatedAnswer.class))
                .extracting(v -> v.questionId() + "#" + v.bestAttempt())
                .containsExactlyInAnyOrder("q-a#1", "q-b#2", "q-c#1");
        assertThat(read(AnswersTopics.SCORED, ScoredAttempt.class))
                .extracting(s -> s.questionId() + "#" + s.attempt())
                .containsExactlyInAnyOrder("q-a#1", "q-b#1", "q-b#2", "q-c#1");
        assertThat(read(AnswersTopics.PENDING, QuestionTask.class))
                .extracting(t -> t.questionId() + "#" + t.attempt())
                .containsExactly("q-b#2");
    }

    private static <T> List<T> read(String topic, Class<T> type) {
        return CommittedTopics.read(kafka.clients(), topic, type);
    }
}
