package dev.sluice.answers.analysis.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.answers.retry.RetryDecision;
import dev.sluice.answers.retry.RetryKind;
import dev.sluice.answers.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryStrategyTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final RetryPolicy.Settings SETTINGS = RetryPolicy.Settings.defaults();
    static final QuestionTask TASK = QuestionTask.first("q1", "Why is the sky blue?", "", "Rayleigh", Instant.EPOCH);
    static final LlmOutcome OVERLOAD = new LlmOutcome.Overload("HTTP 503", 503, Duration.ofMillis(5));
    static final LlmOutcome QUOTA_700MS =
            new LlmOutcome.Quota("HTTP 429", 429, Optional.of(Duration.ofMillis(700)), Duration.ofMillis(5));

    static RetryPolicy policy() {
        return new RetryPolicy(SETTINGS, CLOCK, new Random(7));
    }

    @Test
    void noRetryShouldDeadLetterTheFirstOverload() {
        assertThat(RetryStrategy.none(policy()).decide(TASK, OVERLOAD)).isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void immediateShouldRetryWithoutWaitingUntilItsBudgetIsSpent() {
        RetryStrategy s = RetryStrategy.immediate(policy(), 2);
        QuestionTask t = TASK;
        for (int i = 0; i < 2; i++) {
            RetryDecision.Retry r = (RetryDecision.Retry) s.decide(t, i == 0 ? OVERLOAD : QUOTA_700MS);
            assertThat(r.delay()).isZero();
            t = r.next();
        }
        assertThat(t.overloadRetries()).isEqualTo(1);
        assertThat(t.quotaRetries()).isEqualTo(1);
        assertThat(s.decide(t, OVERLOAD)).isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void fixedShouldWaitTheSameForEveryRetryAndIgnoreTheServer() {
        RetryStrategy s = RetryStrategy.fixed(policy(), Duration.ofSeconds(1), 8);
        RetryDecision.Retry first = (RetryDecision.Retry) s.decide(TASK, QUOTA_700MS);
        RetryDecision.Retry second = (RetryDecision.Retry) s.decide(first.next(), OVERLOAD);
        assertThat(first.delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(first.kind()).isEqualTo(RetryKind.QUOTA);
        assertThat(second.delay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void backoffIgnoringTheServerShouldDrawQuotaWaitsUnderTheDoublingCeiling() {
        RetryStrategy s = RetryStrategy.backoffIgnoringServer(policy());
        QuestionTask t = TASK;
        boolean sawOtherThan700 = false;
        for (int n = 0; n < SETTINGS.maxOverloadRetries(); n++) {
            RetryDecision.Retry r = (RetryDecision.Retry) s.decide(t, QUOTA_700MS);
            long ceiling = Math.min(SETTINGS.cap().toMillis(), SETTINGS.base().toMillis() << n);
            assertThat(r.delay().toMillis()).as("retry %d", n).isBetween(0L, ceiling);
            sawOtherThan700 |= r.delay().toMillis() != 700;
            t = r.next();
        }
        assertThat(sawOtherThan700).isTrue();
        assertThat(s.decide(t, QUOTA_700MS)).isInstanceOf(RetryDecision.GiveUp.class);
    }

    @Test
    void theFormerPolicyShouldWaitExactlyTheServersRetryAfterForQuota() {
        RetryDecision.Retry r =
                (RetryDecision.Retry) RetryStrategy.serverDelayExactly(policy()).decide(TASK, QUOTA_700MS);
        assertThat(r.delay()).isEqualTo(Duration.ofMillis(700));
        assertThat(r.kind()).isEqualTo(RetryKind.QUOTA);
    }

    @Test
    void todaysPolicyShouldWaitAtLeastTheServersRetryAfterForQuotaWithJitterAfterIt() {
        RetryPolicy p = policy();
        RetryDecision.Retry r = (RetryDecision.Retry) RetryStrategy.policy(p).decide(TASK, QUOTA_700MS);
        assertThat(r.delay())
                .isBetween(Duration.ofMillis(700), Duration.ofMillis(700).plus(p.backoffCeiling(0)));
        assertThat(r.kind()).isEqualTo(RetryKind.QUOTA);
    }

    @Test
    void everyStrategyShouldPublishAnAnswerAndDeadLetterAFatalError() {
        LlmOutcome answer = new LlmOutcome.Answer("Because of Rayleigh scattering.", "sim", Duration.ofMillis(3));
        LlmOutcome fatal = new LlmOutcome.Fatal("HTTP 400", 400, Duration.ofMillis(3));
        for (RetryStrategy s : new RetryStrategy[] {
            RetryStrategy.none(policy()),
            RetryStrategy.immediate(policy(), 8),
            RetryStrategy.fixed(policy(), Duration.ofSeconds(1), 8),
            RetryStrategy.backoffIgnoringServer(policy()),
            RetryStrategy.serverDelayExactly(policy()),
            RetryStrategy.policy(policy())
        }) {
            assertThat(s.decide(TASK, answer)).as(s.name()).isInstanceOf(RetryDecision.Publish.class);
            assertThat(s.decide(TASK, fatal)).as(s.name()).isInstanceOf(RetryDecision.GiveUp.class);
        }
    }
}
