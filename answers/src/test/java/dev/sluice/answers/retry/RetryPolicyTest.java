package dev.sluice.answers.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.platform.test.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private final ManualClock clock = new ManualClock(NOW);
    private final RetryPolicy.Settings settings =
            new RetryPolicy.Settings(Duration.ofMillis(100), Duration.ofSeconds(2), 3, Duration.ofSeconds(60), 2, 4);
    private final RetryPolicy policy = new RetryPolicy(settings, clock, new Random(42));
    private final QuestionTask task =
            QuestionTask.first("q1", "Why is the sky blue?", "", "Rayleigh scattering", NOW.minusSeconds(5));

    private static QuestionTask withOverloadRetries(QuestionTask t, int n) {
        for (int i = 0; i < n; i++) {
            t = t.withOverloadRetry();
        }
        return t;
    }

    private static QuestionTask withQuotaRetries(QuestionTask t, int n) {
        for (int i = 0; i < n; i++) {
            t = t.withQuotaRetry();
        }
        return t;
    }

    @Test
    void shouldPublishAnAnswerWithTheTaskCountersAndTheClockTime() {
        RetryDecision d = policy.decide(
                task.withQuotaRetry(), new LlmOutcome.Answer("Light scatters.", "sim-1", Duration.ofMillis(120)));

        assertThat(d).isInstanceOf(RetryDecision.Publish.class);
        var answer = ((RetryDecision.Publish) d).answer();
        assertThat(answer.questionId()).isEqualTo("q1");
        assertThat(answer.answer()).isEqualTo("Light scatters.");
        assertThat(answer.latencyMs()).isEqualTo(120);
        assertThat(answer.quotaRetries()).isEqualTo(1);
        assertThat(answer.generatedAt()).isEqualTo(NOW);
        assertThat(answer.bestAnswer()).isEqualTo("Rayleigh scattering");
    }

    @Test
    void shouldRetryAnOverloadOnTheOverloadTiersWithAJitteredDelayWithinTheCeiling() {
        RetryDecision d =
                policy.decide(withOverloadRetries(task, 2), new LlmOutcome.Overload("503", 503, Duration.ZERO));

        RetryDecision.Retry r = (RetryDecision.Retry) d;
        assertThat(r.kind()).isEqualTo(RetryKind.OVERLOAD);
        assertThat(r.next().overloadRetries()).isEqualTo(3);
        assertThat(r.next().quotaRetries()).isZero();
        assertThat(r.delay()).isBetween(Duration.ZERO, Duration.ofMillis(400));
        assertThat(r.deferral()).isFalse();
        assertThat(r.reason()).contains("HTTP 503");
    }

    @Test
    void shouldDeadLetterAnOverloadOnceTheRetriesAreSpent() {
        RetryDecision d =
                policy.decide(withOverloadRetries(task, 3), new LlmOutcome.Overload("timeout", 0, Duration.ZERO));

        RetryDecision.GiveUp g = (RetryDecision.GiveUp) d;
        assertThat(g.errorClass()).isEqualTo("overload");
        assertThat(g.reason()).contains("3 overload").contains("timeout");
        assertThat(g.detail()).contains("Overload");
    }

    @Test
    void shouldDrawFullJitterOverTheWholeWindowAndNeverAboveIt() {
        RetryPolicy p = new RetryPolicy(settings, clock, new Random(7));
        for (int n = 0; n < 8; n++) {
            long ceiling = Math.min(2000, 100L << n);
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 2000; i++) {
                long ms = p.overloadBackoff(n).toMillis();
                assertThat(ms).as("retry %d", n).isBetween(0L, ceiling);
                min = Math.min(min, ms);
                max = Math.max(max, ms);
            }
            // full jitter: the draws cover the window from near zero to near the ceiling
            assertThat(min).as("lowest draw of retry %d", n).isLessThanOrEqualTo(ceiling / 10);
            assertThat(max).as("highest draw of retry %d", n).isGreaterThanOrEqualTo(ceiling * 9 / 10);
        }
    }

    @Test
    void shouldDoubleTheCeilingUpToTheCapWithoutOverflow() {
        assertThat(policy.backoffCeiling(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoffCeiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffCeiling(4)).isEqualTo(Duration.ofMillis(1600));
        assertThat(policy.backoffCeiling(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffCeiling(63)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoffCeiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldRepeatTheSameDelaysForTheSameSeed() {
        RetryPolicy a = new RetryPolicy(settings, clock, new Random(1));
        RetryPolicy b = new RetryPolicy(settings, clock, new Random(1));
        for (int n = 0; n < 20; n++) {
            assertThat(a.overloadBackoff(n % 6)).isEqualTo(b.overloadBackoff(n % 6));
        }
    }

    @Test
    void shouldWaitAtLeastTheServersRetryAfterOnAQuotaErrorPlusJitter() {
        RetryDecision d = policy.decide(
                task,
                new LlmOutcome.Quota("insufficient_quota", 429, Optional.of(Duration.ofSeconds(7)), Duration.ZERO));

        RetryDecision.Retry r = (RetryDecision.Retry) d;
        assertThat(r.kind()).isEqualTo(RetryKind.QUOTA);
        assertThat(r.delay())
                .isBetween(Duration.ofSeconds(7), Duration.ofSeconds(7).plus(policy.backoffCeiling(0)));
        assertThat(r.next().quotaRetries()).isEqualTo(1);
        assertThat(r.next().overloadRetries()).isZero();
    }

    @Test
    void shouldSpreadQuotaRetriesThatShareOneRetryAfterOverTheBackoffOfTheirRetryCount() {
        // a token bucket tells every waiting question the same instant: honoured exactly they would all come
        // back together and all but one lose again
        LlmOutcome quota =
                new LlmOutcome.Quota("insufficient_quota", 429, Optional.of(Duration.ofMillis(125)), Duration.ZERO);
        QuestionTask second = withQuotaRetries(task, 1);
        java.util.Set<Duration> delays = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            Duration delay = ((RetryDecision.Retry) policy.decide(second, quota)).delay();
            assertThat(delay)
                    .isBetween(Duration.ofMillis(125), Duration.ofMillis(125).plus(policy.backoffCeiling(1)));
            delays.add(delay);
        }
        assertThat(delays)
                .as("50 questions told the same Retry-After come back at different times")
                .hasSizeGreaterThan(25);
    }

    @Test
    void shouldWaitTheConfiguredQuotaWindowWhenTheServerGaveNoDelay() {
        RetryDecision d =
                policy.decide(task, new LlmOutcome.Quota("RESOURCE_EXHAUSTED", 429, Optional.empty(), Duration.ZERO));

        assertThat(((RetryDecision.Retry) d).delay())
                .isBetween(Duration.ofSeconds(60), Duration.ofSeconds(60).plus(policy.backoffCeiling(0)));
    }

    @Test
    void shouldDeadLetterAQuotaErrorOnceTheQuotaRetriesAreSpent() {
        RetryDecision d = policy.decide(
                withQuotaRetries(task, 2), new LlmOutcome.Quota("402", 402, Optional.empty(), Duration.ZERO));

        RetryDecision.GiveUp g = (RetryDecision.GiveUp) d;
        assertThat(g.errorClass()).isEqualTo("quota");
        assertThat(g.reason()).contains("2 quota retries").contains("HTTP 402");
    }

    @Test
    void shouldNeverRetryAFatalError() {
        RetryDecision d = policy.decide(task, new LlmOutcome.Fatal("invalid api key", 401, Duration.ZERO));

        RetryDecision.GiveUp g = (RetryDecision.GiveUp) d;
        assertThat(g.errorClass()).isEqualTo("fatal");
        assertThat(g.reason())
                .contains("not retryable")
                .contains("invalid api key")
                .contains("HTTP 401");
    }

    @Test
    void shouldRetryAnEmptyAnswerLikeAnOverloadAndSpendTheSameBudget() {
        RetryDecision first = policy.decide(task, new LlmOutcome.Empty("no content", Duration.ZERO));
        RetryDecision last =
                policy.decide(withOverloadRetries(task, 3), new LlmOutcome.Empty("no content", Duration.ZERO));

        assertThat(((RetryDecision.Retry) first).kind()).isEqualTo(RetryKind.OVERLOAD);
        assertThat(((RetryDecision.Retry) first).next().overloadRetries()).isEqualTo(1);
        assertThat(((RetryDecision.GiveUp) last).errorClass()).isEqualTo("empty");
    }

    @Test
    void shouldDeferWithoutSpendingTheBudgetAndGiveUpAfterTooManyDeferrals() {
        RetryDecision d = policy.defer(task, RetryKind.OVERLOAD, Duration.ofSeconds(2), "breaker open", 3);
        RetryDecision.Retry r = (RetryDecision.Retry) d;
        assertThat(r.next()).isEqualTo(task);
        assertThat(r.deferral()).isTrue();
        assertThat(r.delay()).isEqualTo(Duration.ofSeconds(2));

        RetryDecision g = policy.defer(task, RetryKind.OVERLOAD, Duration.ofSeconds(2), "breaker open", 4);
        assertThat(((RetryDecision.GiveUp) g).errorClass()).isEqualTo("deferred");
    }

    @Test
    void shouldRejectSettingsThatCannotWorkAndSayWhichKey() {
        assertThatThrownBy(() ->
                        new RetryPolicy.Settings(Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("retry.overload.base");
        assertThatThrownBy(() -> new RetryPolicy.Settings(
                        Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("retry.overload.cap");
        assertThatThrownBy(() -> new RetryPolicy.Settings(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), -1, Duration.ofSeconds(1), 1))
                .hasMessageContaining("max-retries");
        assertThatThrownBy(() -> new RetryPolicy.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, null, 1))
                .hasMessageContaining("retry.quota.window");
    }
}
