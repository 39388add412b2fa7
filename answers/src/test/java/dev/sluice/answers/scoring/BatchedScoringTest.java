package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.scoring.CompositeConfig;
import dev.sluice.scoring.embed.EmbeddingCosine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decider with a model-backed scorer, in an operator harness: the reference's embedding is kept
 * in keyed state (a regeneration embeds only its candidate), attempts are scored in batches of one
 * model call, a batch is flushed by count, by timeout and before a checkpoint barrier, and a pair the
 * model fails on is dead-lettered without taking the rest of its batch along.
 */
class BatchedScoringTest {
    private static final String REFERENCE = "boil the water for ten minutes to make it safe";
    private static final String BAD = "buy a new phone";
    private static final long NOW = 1_700_000_000_000L;
    private static final Duration TIMEOUT = Duration.ofMillis(20);

    private KeyedOneInputStreamOperatorTestHarness<String, ReceivedAnswer, ScoredAttempt> harness;

    /** One embedding metric on the counting model; weight 1, so the composite is that cosine. */
    static CompositeScorer countingScorer() {
        return new CompositeScorer(threads -> new MetricSource.Loaded(
                List.of(new EmbeddingCosine(new CountingEmbedder())),
                new CompositeConfig(Map.of(EmbeddingCosine.NAME, 1.0), 0.9),
                () -> {}));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ReceivedAnswer, ScoredAttempt> open(
            int batchSize, OperatorSubtaskState restoreFrom) throws Exception {
        AttemptDecider decider = new AttemptDecider(countingScorer(), 0.9, 3, Duration.ofDays(1), batchSize, TIMEOUT);
        var h = new KeyedOneInputStreamOperatorTestHarness<>(decider, ReceivedAnswer::questionId, Types.STRING);
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        h.setProcessingTime(NOW);
        return h;
    }

    @BeforeEach
    void resetCounts() {
        CountingEmbedder.reset();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void shouldEmbedTheReferenceOnceSoARegenerationCostsOneInference() throws Exception {
        harness = open(1, null);

        send("q1", 1, BAD);
        assertThat(CountingEmbedder.CALLS)
                .as("first attempt: reference and candidate")
                .containsExactly(List.of(REFERENCE, BAD));

        send("q1", 2, "boil the water");
        assertThat(CountingEmbedder.CALLS)
                .as("regeneration: the candidate only")
                .hasSize(2)
                .last()
                .isEqualTo(List.of("boil the water"));
        assertThat(harness.extractOutputValues())
                .extracting(ScoredAttempt::attempt)
                .containsExactly(1, 2);
        assertThat(side(AttemptDecider.REGENERATE)).hasSize(2);
    }

    @Test
    void shouldKeepTheReferenceEmbeddingAcrossARestoreFromSnapshot() throws Exception {
        harness = open(1, null);
        send("q1", 1, BAD);
        OperatorSubtaskState snapshot = harness.snapshot(1, NOW);
        harness.close();
        CountingEmbedder.reset();

        harness = open(1, snapshot);
        send("q1", 2, BAD + " today");

        assertThat(CountingEmbedder.textsEmbedded())
                .as("the reference came back with the state")
                .isEqualTo(1);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(s -> assertThat(s.attempt()).isEqualTo(2));
    }

    @Test
    void shouldEmbedEachDistinctTextOfABatchOnceInOneCall() throws Exception {
        harness = open(3, null);

        send("q1", 1, BAD);
        send("q1", 2, "boil it");
        send("q2", 1, "boil the water for ten minutes");

        assertThat(CountingEmbedder.CALLS)
                .as("one call for the batch, each distinct text once")
                .singleElement()
                .satisfies(texts -> assertThat(texts)
                        .containsExactlyInAnyOrder(REFERENCE, BAD, "boil it", "boil the water for ten minutes"));
        assertThat(harness.extractOutputValues()).hasSize(3);
    }

    @Test
    void shouldScoreABatchInOneCallWhenTheTimeoutExpires() throws Exception {
        harness = open(8, null);

        send("q1", 1, REFERENCE);
        send("q2", 1, BAD);
        assertThat(harness.extractOutputValues())
                .as("waiting for the batch to fill")
                .isEmpty();
        assertThat(CountingEmbedder.CALLS).isEmpty();

        harness.setProcessingTime(NOW + TIMEOUT.toMillis());

        assertThat(CountingEmbedder.CALLS).hasSize(1);
        assertThat(harness.extractOutputValues())
                .extracting(ScoredAttempt::questionId)
                .containsExactly("q1", "q2");
        assertThat(side(AttemptDecider.VALIDATED))
                .extracting(v -> v.questionId() + ":" + v.passed())
                .containsExactly("q1:true");
        assertThat(side(AttemptDecider.REGENERATE))
                .extracting(r -> r.task().questionId() + "#" + r.task().attempt())
                .containsExactly("q2#2");
    }

    @Test
    void shouldFlushTheBatchBeforeACheckpointBarrier() throws Exception {
        harness = open(8, null);
        send("q1", 1, BAD);

        // what the task calls when a barrier arrives, before it snapshots state and forwards the barrier
        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues())
                .as("scored before the barrier, so the checkpoint holds its state")
                .hasSize(1);
    }

    @Test
    void shouldDeadLetterOnlyThePairTheModelFailsOnWithTheReason() throws Exception {
        harness = open(3, null);

        send("q1", 1, BAD);
        send("q2", 1, "this answer makes the model go " + CountingEmbedder.POISON);
        send("q3", 1, REFERENCE);

        assertThat(harness.extractOutputValues())
                .extracting(ScoredAttempt::questionId)
                .containsExactly("q1", "q3");
        assertThat(side(DeadLetters.TAG)).singleElement().satisfies(d -> {
            assertThat(d.questionId()).isEqualTo("q2");
            assertThat(d.errorClass()).isEqualTo(DeadLetters.SCORING);
            assertThat(d.reason()).contains("could not score attempt 1").contains("ONNX inference failed");
            assertThat(d.originalOffset()).isEqualTo(7);
        });
    }

    @Test
    void shouldDeadLetterAnAttemptWhoseReferenceHasNoWords() throws Exception {
        harness = open(1, null);

        harness.processElement(new StreamRecord<>(received(AttemptDeciderTest.answer("q1", 1, " ?! ", BAD))));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(CountingEmbedder.CALLS).as("nothing sent to the model").isEmpty();
        assertThat(side(DeadLetters.TAG))
                .singleElement()
                .satisfies(d -> assertThat(d.reason()).contains("reference answer has no words"));
    }

    private void send(String questionId, int attempt, String text) throws Exception {
        harness.processElement(
                new StreamRecord<>(received(AttemptDeciderTest.answer(questionId, attempt, REFERENCE, text))));
    }

    private static ReceivedAnswer received(dev.sluice.answers.messages.GeneratedAnswer a) {
        return new ReceivedAnswer(a, "answers.generated", 0, 7);
    }

    private <T> List<T> side(OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null
                ? List.of()
                : records.stream().map(StreamRecord::getValue).toList();
    }
}
