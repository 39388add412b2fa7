package dev.sluice.answers.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.platform.test.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdaptiveLimiterTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:00:00Z"));
    private static final LlmOutcome ANSWER = new LlmOutcome.Answer("ok", "m", Duration.ofMillis(10));
    private static final LlmOutcome OVERLOAD = new LlmOutcome.Overload("503", 503, Duration.ofMillis(10));
    private static final LlmOutcome FATAL = new LlmOutcome.Fatal("400", 400, Duration.ofMillis(10));

    private static LlmOutcome quota(Duration retryAfter) {
        return new LlmOutcome.Quota("insufficient_quota", 429, Optional.ofNullable(retryAfter), Duration.ofMillis(10));
    }

    /** Wide breaker window so AIMD tests do not open it. */
    private AdaptiveLimiter limiter(int max) {
        return new AdaptiveLimiter(
                new AdaptiveLimiter.Settings(max, 1, 0.5, 100, 100f, Duration.ofSeconds(2), 2), clock);
    }

    private void call(AdaptiveLimiter l, LlmOutcome outcome) {
        assertThat(l.admit()).isInstanceOf(AdaptiveLimiter.Admission.Admitted.class);
        l.release(l.tryAcquire().orElseThrow(), outcome);
    }

    @Test
    void shouldAllowCallsUpToTheLimitAndNoMore() {
        AdaptiveLimiter l = limiter(3);
        List<AdaptiveLimiter.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slots.add(l.tryAcquire().orElseThrow());
        }
        assertThat(l.tryAcquire()).isEmpty();
        l.release(slots.get(0), ANSWER);
        assertThat(l.tryAcquire()).isPresent();
    }

    @Test
    void shouldHalveTheLimitOnOverloadAndQuotaButNotBelowTheMinimum() {
        AdaptiveLimiter l = limiter(16);
        call(l, OVERLOAD);
        assertThat(l.currentLimit()).isEqualTo(8);
        clock.advance(Duration.ofMillis(1));
        call(l, quota(null));
        assertThat(l.currentLimit()).isEqualTo(4);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(1));
            call(l, OVERLOAD);
        }
        assertThat(l.currentLimit()).isEqualTo(1);
    }

    @Test
    void shouldDecreaseOncePerRoundWhenParallelCallsFailTogether() {
        AdaptiveLimiter l = limiter(16);
        List<AdaptiveLimiter.Slot> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(l.tryAcquire().orElseThrow());
        }
        clock.advance(Duration.ofMillis(5));
        burst.forEach(s -> l.release(s, OVERLOAD));
        assertThat(l.currentLimit())
                .as("8 parallel 503s are one congestion signal")
                .isEqualTo(8);
    }

    @Test
    void shouldGrowAdditivelyOnSuccessUpToTheMaximum() {
        AdaptiveLimiter l = limiter(8);
        call(l, OVERLOAD);
        assertThat(l.currentLimit()).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            call(l, ANSWER);
        }
        assertThat(l.currentLimit())
                .as("about one more call per round of successes")
                .isEqualTo(4);
        for (int i = 0; i < 2; i++) {
            call(l, ANSWER);
        }
        assertThat(l.currentLimit()).isEqualTo(5);
        for (int i = 0; i < 200; i++) {
            call(l, ANSWER);
        }
        assertThat(l.currentLimit()).isEqualTo(8);
    }

    @Test
    void shouldHoldBackEveryCallUntilTheServersRetryAfter() {
        AdaptiveLimiter l = limiter(8);
        call(l, quota(Duration.ofSeconds(10)));

        clock.advance(Duration.ofSeconds(4));
        AdaptiveLimiter.Admission a = l.admit();
        assertThat(a).isInstanceOf(AdaptiveLimiter.Admission.HoldBack.class);
        AdaptiveLimiter.Admission.HoldBack h = (AdaptiveLimiter.Admission.HoldBack) a;
        assertThat(h.delay()).isEqualTo(Duration.ofSeconds(6));
        assertThat(h.kind()).isEqualTo(RetryKind.QUOTA);

        clock.advance(Duration.ofSeconds(6));
        assertThat(l.admit()).isInstanceOf(AdaptiveLimiter.Admission.Admitted.class);
    }

    @Test
    void shouldPaceCallsAfterAQuotaErrorAndSpeedUpAdditivelyOnAnswers() {
        AdaptiveLimiter l = limiter(8);
        assertThat(l.currentRate()).as("unpaced until the first quota error").isInfinite();
        call(l, quota(Duration.ofMillis(100)));
        assertThat(l.currentRate())
                .as("one call per Retry-After: the server's token interval")
                .isEqualTo(10.0);

        assertThat(l.tryAcquire()).as("blocked by the short Retry-After").isEmpty();
        clock.advance(Duration.ofMillis(100));
        AdaptiveLimiter.Slot first = l.tryAcquire().orElseThrow();
        assertThat(l.tryAcquire()).as("paced: one start per 100 ms").isEmpty();
        clock.advance(Duration.ofMillis(100));
        assertThat(l.tryAcquire()).isPresent();

        l.release(first, ANSWER);
        assertThat(l.currentRate())
                .as("plus the rate increase, 0.25 calls/s per answer")
                .isEqualTo(10.25);
        clock.advance(Duration.ofMillis(200));
        call(l, quota(null));
        assertThat(l.currentRate()).as("halved on the next quota error").isEqualTo(5.125);
    }

    @Test
    void shouldHoldBackOnlyWhenTheRetryAfterIsLongerThanTheCallThreadMayWait() {
        AdaptiveLimiter l = limiter(8);
        call(l, quota(Duration.ofMillis(800)));
        assertThat(l.admit())
                .as("800 ms is waited out in the call thread")
                .isInstanceOf(AdaptiveLimiter.Admission.Admitted.class);
        l.cancel();
        clock.advance(Duration.ofMillis(800));
        call(l, quota(Duration.ofSeconds(5)));
        assertThat(l.admit()).isInstanceOf(AdaptiveLimiter.Admission.HoldBack.class);
    }

    @Test
    void shouldOpenTheBreakerOnARunOfOverloadsAndHoldBackForItsWait() {
        AdaptiveLimiter l =
                new AdaptiveLimiter(new AdaptiveLimiter.Settings(8, 1, 0.5, 4, 75f, Duration.ofSeconds(2), 1), clock);
        for (int i = 0; i < 4; i++) {
            call(l, OVERLOAD);
        }
        assertThat(l.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        clock.advance(Duration.ofMillis(500));
        AdaptiveLimiter.Admission.HoldBack h = (AdaptiveLimiter.Admission.HoldBack) l.admit();
        assertThat(h.delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(h.kind()).isEqualTo(RetryKind.OVERLOAD);
        assertThat(h.reason()).contains("circuit breaker");

        clock.advance(Duration.ofMillis(1501));
        assertThat(l.admit())
                .as("one probe call when half-open")
                .isInstanceOf(AdaptiveLimiter.Admission.Admitted.class);
        assertThat(l.breakerState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        AdaptiveLimiter.Admission second = l.admit();
        assertThat(second).as("no second probe").isInstanceOf(AdaptiveLimiter.Admission.HoldBack.class);
        assertThat(((AdaptiveLimiter.Admission.HoldBack) second).delay())
                .as("half-open: wait one more open period, not zero")
                .isEqualTo(Duration.ofSeconds(2));
        l.release(l.tryAcquire().orElseThrow(), ANSWER);
        assertThat(l.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void shouldNotCountFatalErrorsAgainstTheServer() {
        AdaptiveLimiter l =
                new AdaptiveLimiter(new AdaptiveLimiter.Settings(8, 1, 0.5, 4, 75f, Duration.ofSeconds(2), 1), clock);
        for (int i = 0; i < 10; i++) {
            call(l, FATAL);
        }
        assertThat(l.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(l.currentLimit()).isEqualTo(8);
    }

    @Test
    void shouldGiveBackAPermissionThatMadeNoCall() {
        AdaptiveLimiter l =
                new AdaptiveLimiter(new AdaptiveLimiter.Settings(8, 1, 0.5, 4, 75f, Duration.ofSeconds(2), 1), clock);
        for (int i = 0; i < 4; i++) {
            call(l, OVERLOAD);
        }
        clock.advance(Duration.ofMillis(2001));
        assertThat(l.admit()).isInstanceOf(AdaptiveLimiter.Admission.Admitted.class);
        l.cancel();
        assertThat(l.admit())
                .as("the cancelled probe is available again")
                .isInstanceOf(AdaptiveLimiter.Admission.Admitted.class);
    }

    @Test
    void shouldRejectASlotReleasedTwice() {
        AdaptiveLimiter l = limiter(2);
        AdaptiveLimiter.Slot s = l.tryAcquire().orElseThrow();
        l.release(s, ANSWER);
        assertThatThrownBy(() -> l.release(s, ANSWER)).isInstanceOf(IllegalStateException.class);
        assertThat(l.inFlight()).isZero();
    }

    @Test
    void shouldRejectSettingsThatCannotWork() {
        assertThatThrownBy(() -> new AdaptiveLimiter.Settings(0, 1, 0.5, 10, 50f, Duration.ofSeconds(1), 1))
                .hasMessageContaining("min <= max");
        assertThatThrownBy(() -> new AdaptiveLimiter.Settings(4, 1, 1.0, 10, 50f, Duration.ofSeconds(1), 1))
                .hasMessageContaining("decrease");
        assertThatThrownBy(() -> new AdaptiveLimiter.Settings(4, 1, 0.5, 10, 0f, Duration.ofSeconds(1), 1))
                .hasMessageContaining("failure percent");
    }
}
