package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.platform.test.FlinkExtension;
import dev.sluice.platform.test.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scoring job with its default scorer (the semantic composite, real ONNX models) on a
 * MiniCluster against a real broker, through its exactly-once Kafka sinks.
 */
class ScoringJobITCase {
    private static final String REFERENCE = "boil the water for ten minutes to make it safe";
    private static final String GOOD = REFERENCE;
    private static final String HALF = "boil the water";
    private static final String BAD = "buy a new phone";

    @RegisterExtension
    static KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static FlinkExtension flink = new FlinkExtension();

    @Test
    void shouldScoreDecideAndDeadLetterEveryGeneratedAnswerExactlyOnce() throws Exception {
        for (String topic : List.of(
                AnswersTopics.GENERATED, AnswersTopics.SCORED, AnswersTopics.VALIDATED, AnswersTopics.PENDING)) {
            kafka.createTopic(topic, 2);
        }
        kafka.createTopic(AnswersTopics.DLQ, 1);

        try (KafkaProducer<byte[], byte[]> producer = kafka.clients().bytesProducer()) {
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-pass", 1, REFERENCE, GOOD));
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-pass", 1, REFERENCE, GOOD)); // a redelivery
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-regen", 1, REFERENCE, BAD));
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-cap", 1, REFERENCE, BAD));
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-cap", 2, REFERENCE, HALF));
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-cap", 3, REFERENCE, BAD));
            CommittedTopics.send(producer, AttemptDeciderTest.answer("q-noref", 1, "", GOOD)); // cannot be scored
            CommittedTopics.sendRaw(producer, "q-poison", "{not json");
            CommittedTopics.sendRaw(producer, "q-poison", "{\"questionId\":\"q-poison\",\"attempt\":1}");
            producer.flush();
        }

        ScoringJobSettings settings = ScoringJobSettings.defaults(kafka.bootstrapServers())
                .withNames("scoring-itcase", "scoring-itcase")
                // the default scorer, the semantic composite, rates HALF (a third of the reference) well above
                // BAD but below 0.9, so HALF is q-cap's best failing attempt; at the composite's own
                // threshold a third of the right answer passes, as it should
                .withThreshold(0.9)
                .withMaxAttempts(3)
                .withCheckpointInterval(Duration.ofMillis(300))
                .withBounded(true);
        assertThat(settings.scorer()).isEqualTo(ScorerKind.COMPOSITE);
        StreamExecutionEnvironment env = flink.environment();
        env.setParallelism(FlinkExtension.TASK_SLOTS);
        ScoringJob.build(env, settings);
        JobClient job = env.executeAsync(ScoringJob.NAME);
        // a bounded job ends after its final checkpoint, which commits the sinks' last transactions
        job.getJobExecutionResult().get(90, TimeUnit.SECONDS);

        List<ScoredAttempt> scored = read(AnswersTopics.SCORED, ScoredAttempt.class);
        List<ValidatedAnswer> validated = read(AnswersTopics.VALIDATED, ValidatedAnswer.class);
        List<QuestionTask> pending = read(AnswersTopics.PENDING, QuestionTask.class);
        List<DeadLetter> dead = read(AnswersTopics.DLQ, DeadLetter.class);

        assertThat(scored)
                .extracting(s -> s.questionId() + "#" + s.attempt())
                .containsExactlyInAnyOrder("q-pass#1", "q-regen#1", "q-cap#1", "q-cap#2", "q-cap#3");
        assertThat(validated)
                .extracting(v -> v.questionId() + ":" + v.passed() + ":" + v.bestAttempt() + "/" + v.attempts())
                .containsExactlyInAnyOrder("q-pass:true:1/1", "q-cap:false:2/3");
        assertThat(pending)
                .extracting(t -> t.questionId() + "#" + t.attempt())
                .containsExactlyInAnyOrder("q-regen#2", "q-cap#2", "q-cap#3");
        assertThat(dead)
                .extracting(DeadLetter::errorClass)
                .containsExactlyInAnyOrder(DeadLetters.POISON, DeadLetters.POISON, DeadLetters.SCORING);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.originalTopic()).isEqualTo(AnswersTopics.GENERATED);
            assertThat(d.reason()).isNotBlank();
        });
        assertThat(dead)
                .filteredOn(d -> d.errorClass().equals(DeadLetters.POISON))
                .extracting(DeadLetter::payload)
                .contains("{not json");
        assertThat(dead)
                .filteredOn(d -> d.errorClass().equals(DeadLetters.SCORING))
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("reference answer has no words"));
        assertThat(scored).allSatisfy(s -> assertThat(s.metric()).isEqualTo("composite"));
    }

    private static <T> List<T> read(String topic, Class<T> type) {
        return CommittedTopics.read(kafka.clients(), topic, type);
    }
}
