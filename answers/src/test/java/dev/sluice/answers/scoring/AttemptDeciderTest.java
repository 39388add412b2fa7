package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.messages.GeneratedAnswer;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.scoring.TokenF1;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttemptDeciderTest {
    private static final String REFERENCE = "boil the water for ten minutes to make it safe";
    private static final String GOOD = REFERENCE;
    private static final String HALF = "boil the water";
    private static final String BAD = "buy a new phone";
    private static final long NOW = 1_700_000_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, ReceivedAnswer, ScoredAttempt> harness;

    @BeforeEach
    void setUp() throws Exception {
        AttemptDecider decider = new AttemptDecider(new TokenF1(), 0.8, 3, Duration.ofDays(1));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(decider, ReceivedAnswer::questionId, Types.STRING);
        harness.open();
        harness.setProcessingTime(NOW);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    @Test
    void shouldValidateAnAttemptThatPassesTheThreshold() throws Exception {
        send("q1", 1, GOOD);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.score()).isEqualTo(1.0);
            assertThat(s.metric()).isEqualTo("token_f1");
            assertThat(s.scoredAt()).isEqualTo(Instant.ofEpochMilli(NOW));
        });
        assertThat(side(AttemptDecider.VALIDATED)).singleElement().satisfies(v -> {
            assertThat(v.passed()).isTrue();
            assertThat(v.bestAttempt()).isEqualTo(1);
            assertThat(v.attempts()).isEqualTo(1);
            assertThat(v.answer()).isEqualTo(GOOD);
            assertThat(v.bestAnswer()).isEqualTo(REFERENCE);
            assertThat(v.stopReason()).isEqualTo("passed");
        });
        assertThat(side(AttemptDecider.REGENERATE)).isEmpty();
    }

    @Test
    void shouldAskForAnotherAttemptBelowTheThresholdWhileAttemptsAreLeft() throws Exception {
        send("q1", 1, BAD);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(side(AttemptDecider.VALIDATED)).isEmpty();
        assertThat(tasks()).singleElement().satisfies(t -> {
            assertThat(t.questionId()).isEqualTo("q1");
            assertThat(t.attempt()).isEqualTo(2);
            assertThat(t.bestAnswer()).isEqualTo(REFERENCE);
            assertThat(t.previousAnswer())
                    .as("the answer to improve on travels with the task")
                    .isEqualTo(BAD);
        });
    }

    @Test
    void shouldValidateTheBestAttemptWhenTheCapIsReached() throws Exception {
        send("q1", 1, BAD);
        send("q1", 2, HALF);
        send("q1", 3, BAD);

        assertThat(harness.extractOutputValues())
                .extracting(ScoredAttempt::attempt)
                .containsExactly(1, 2, 3);
        assertThat(tasks()).extracting(QuestionTask::attempt).containsExactly(2, 3);
        assertThat(side(AttemptDecider.VALIDATED)).singleElement().satisfies(v -> {
            assertThat(v.passed()).isFalse();
            assertThat(v.bestAttempt()).isEqualTo(2);
            assertThat(v.attempts()).isEqualTo(3);
            assertThat(v.answer()).isEqualTo(HALF);
            assertThat(v.score()).isBetween(0.0, 0.8);
            assertThat(v.stopReason()).isEqualTo("max-attempts");
        });
    }

    @Test
    void shouldStopWithTheBestSoFarWhenARegenerationRepeatsTheAnswerBeforeIt() throws Exception {
        send("q1", 1, HALF);
        // the same words again, in other case and punctuation: no third attempt is asked for
        harness.processElement(new StreamRecord<>(received(regeneration("q1", 2, "Boil, the WATER!", HALF))));

        assertThat(harness.extractOutputValues())
                .extracting(ScoredAttempt::attempt)
                .as("the repeated answer was paid for, so it is scored")
                .containsExactly(1, 2);
        assertThat(tasks()).extracting(QuestionTask::attempt).containsExactly(2);
        assertThat(side(AttemptDecider.VALIDATED)).singleElement().satisfies(v -> {
            assertThat(v.passed()).isFalse();
            assertThat(v.attempts()).isEqualTo(2);
            assertThat(v.bestAttempt()).isEqualTo(1);
            assertThat(v.answer()).isEqualTo(HALF);
            assertThat(v.stopReason()).isEqualTo("near-identical");
        });
    }

    @Test
    void shouldAskAgainWhenTheRegenerationSaysSomethingElse() throws Exception {
        send("q1", 1, HALF);
        harness.processElement(new StreamRecord<>(received(regeneration("q1", 2, "filter it through a cloth", HALF))));

        assertThat(side(AttemptDecider.VALIDATED)).isEmpty();
        assertThat(tasks()).extracting(QuestionTask::attempt).containsExactly(2, 3);
        assertThat(tasks().get(1).previousAnswer()).isEqualTo("filter it through a cloth");
    }

    @Test
    void shouldPassARepeatedAnswerThatScoresAboveTheThreshold() throws Exception {
        harness.processElement(new StreamRecord<>(received(regeneration("q1", 2, GOOD, GOOD))));

        assertThat(side(AttemptDecider.VALIDATED))
                .singleElement()
                .satisfies(v -> assertThat(v.stopReason()).isEqualTo("passed"));
    }

    @Test
    void shouldOfferTheBestSoFarWithEveryRegenerationRequestForTheBudgetToStore() throws Exception {
        send("q1", 1, HALF);
        send("q1", 2, BAD);

        assertThat(side(AttemptDecider.REGENERATE))
                .extracting(RegenerationRequest::ifRefused)
                .allSatisfy(v -> {
                    assertThat(v.passed()).isFalse();
                    assertThat(v.answer()).isEqualTo(HALF);
                    assertThat(v.stopReason()).isEqualTo("budget-spent");
                })
                .extracting(ValidatedAnswer::attempts)
                .containsExactly(1, 2);
    }

    @Test
    void shouldDropADuplicateDeliveryOfTheSameAttempt() throws Exception {
        send("q1", 1, BAD);
        send("q1", 1, BAD);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(side(AttemptDecider.REGENERATE)).hasSize(1);
    }

    @Test
    void shouldDropEveryAttemptOfAQuestionAlreadyDecided() throws Exception {
        send("q1", 1, GOOD);
        send("q1", 1, GOOD);
        send("q1", 2, GOOD);

        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(side(AttemptDecider.VALIDATED)).hasSize(1);
    }

    @Test
    void shouldKeepQuestionsApart() throws Exception {
        send("q1", 1, BAD);
        send("q2", 1, GOOD);
        send("q1", 1, BAD);

        assertThat(side(AttemptDecider.VALIDATED))
                .extracting(ValidatedAnswer::questionId)
                .containsExactly("q2");
        assertThat(tasks()).extracting(QuestionTask::questionId).containsExactly("q1");
    }

    @Test
    void shouldDeadLetterAnAttemptThatCannotBeScored() throws Exception {
        harness.processElement(new StreamRecord<>(received(answer("q1", 1, "", GOOD))));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(side(DeadLetters.TAG)).singleElement().satisfies(d -> {
            assertThat(d.questionId()).isEqualTo("q1");
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.errorClass()).isEqualTo(DeadLetters.SCORING);
            assertThat(d.reason()).contains("reference");
            assertThat(d.originalTopic()).isEqualTo("answers.generated");
            assertThat(d.originalOffset()).isEqualTo(7);
            assertThat(d.payload()).contains("\"questionId\":\"q1\"");
        });
    }

    @Test
    void shouldDeadLetterAReferenceWithNoWordsNamingTheReason() throws Exception {
        // token F1's SQuAD rule would score this 1 against an empty candidate and 0 against any other
        harness.processElement(new StreamRecord<>(received(answer("q1", 1, " The... ", GOOD))));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(side(AttemptDecider.REGENERATE)).isEmpty();
        assertThat(side(DeadLetters.TAG))
                .singleElement()
                .satisfies(d -> assertThat(d.reason())
                        .isEqualTo("could not score attempt 1: reference answer has no words after cleaning;"
                                + " there is nothing to compare the candidate with"));
    }

    @Test
    void shouldScoreACandidateWithNoWordsZeroAndAskAgain() throws Exception {
        send("q1", 1, "The...");

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.score()).isZero();
            assertThat(s.metric()).isEqualTo(TokenF1.NAME).isEqualTo("token_f1");
        });
        assertThat(side(DeadLetters.TAG)).isEmpty();
        assertThat(side(AttemptDecider.REGENERATE)).hasSize(1);
    }

    @Test
    void shouldKeepStateAcrossARestoreFromSnapshot() throws Exception {
        send("q1", 1, BAD);
        var snapshot = harness.snapshot(1, NOW);
        harness.close();

        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new AttemptDecider(new TokenF1(), 0.8, 3, Duration.ofDays(1)),
                ReceivedAnswer::questionId,
                Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        send("q1", 1, BAD);

        assertThat(harness.extractOutputValues())
                .as("attempt 1 was seen before the restore")
                .isEmpty();
    }

    private void send(String questionId, int attempt, String text) throws Exception {
        harness.processElement(new StreamRecord<>(received(answer(questionId, attempt, REFERENCE, text))));
    }

    private List<QuestionTask> tasks() {
        return side(AttemptDecider.REGENERATE).stream()
                .map(RegenerationRequest::task)
                .toList();
    }

    private <T> List<T> side(OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null
                ? List.of()
                : records.stream().map(StreamRecord::getValue).toList();
    }

    static GeneratedAnswer answer(String questionId, int attempt, String reference, String text) {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        return new GeneratedAnswer(
                questionId,
                attempt,
                "How do I make water safe?",
                "",
                reference,
                text,
                "sim",
                12,
                0,
                0,
                t,
                t.plusSeconds(attempt));
    }

    /** Attempt {@code attempt} of a regeneration whose task carried {@code previous}. */
    static GeneratedAnswer regeneration(String questionId, int attempt, String text, String previous) {
        GeneratedAnswer a = answer(questionId, attempt, REFERENCE, text);
        return new GeneratedAnswer(
                a.questionId(),
                a.attempt(),
                a.title(),
                a.content(),
                a.bestAnswer(),
                a.answer(),
                a.model(),
                a.latencyMs(),
                a.overloadRetries(),
                a.quotaRetries(),
                a.submittedAt(),
                a.generatedAt(),
                previous);
    }

    private static ReceivedAnswer received(GeneratedAnswer a) {
        return new ReceivedAnswer(a, "answers.generated", 0, 7);
    }
}
