package dev.sluice.answers.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.retry.AdaptiveLimiter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LlmWorkerSettingsTest {
    private final LlmWorker.Settings defaults = LlmWorker.Settings.of("answers.workers", "host-1");

    @Test
    void shouldDeriveAStableTransactionalIdFromGroupAndInstance() {
        assertThat(defaults.transactionalId()).isEqualTo("sluice-worker-answers.workers-host-1");
        assertThat(LlmWorker.Settings.of("answers.workers", "host-1").transactionalId())
                .isEqualTo(defaults.transactionalId());
    }

    @Test
    void shouldRefuseACallTimeoutThatCouldOutliveThePollInterval() {
        assertThatThrownBy(() -> defaults.withCallTimeout(Duration.ofMinutes(3)))
                .hasMessageContaining("worker.max-poll-interval")
                .hasMessageContaining("twice the LLM call timeout");
    }

    @Test
    void shouldRefuseALimiterAboveTheInFlightBoundAndBlankIds() {
        assertThatThrownBy(() -> new LlmWorker.Settings(
                        "g",
                        "i",
                        2,
                        8,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60),
                        defaults.retry(),
                        AdaptiveLimiter.Settings.of(4)))
                .hasMessageContaining("worker.max-in-flight");
        assertThatThrownBy(() -> LlmWorker.Settings.of("g", " ")).hasMessageContaining("worker.instance-id");
        assertThatThrownBy(() -> new LlmWorker.Settings(
                        "g",
                        "i",
                        8,
                        8,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(20),
                        defaults.retry(),
                        AdaptiveLimiter.Settings.of(8)))
                .hasMessageContaining("transaction-timeout");
    }

    @Test
    void shouldKeepTheInFlightBoundInStepWithTheLimiter() {
        assertThat(defaults.withLimiter(AdaptiveLimiter.Settings.of(3)).maxInFlight())
                .isEqualTo(3);
    }
}
