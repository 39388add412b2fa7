package dev.sluice.answers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.llm.GeminiClient;
import dev.sluice.answers.llm.LlmOutcome;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmRequest;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.platform.config.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The simulator's Gemini wire through the real GeminiClient: answers, and quota delays only in the body. */
class GeminiWireTest {
    static final Clock FROZEN = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    static GeminiClient client(LlmSimulator sim) {
        return new GeminiClient(new LlmSettings(
                LlmProvider.GEMINI,
                sim.baseUrl(),
                SimulatorSettings.MODEL,
                null,
                Secret.of("test-key"),
                Duration.ofSeconds(5),
                4,
                0,
                null));
    }

    @Test
    void geminiClientShouldGetAnAnswerFromTheSimulator() {
        try (LlmSimulator sim = new LlmSimulator(SimulatorSettings.defaults(1), ReferenceAnswers.NONE).start();
                GeminiClient client = client(sim)) {
            LlmOutcome outcome = client.complete(new LlmRequest("q1", 1, "Why do cats purr?", ""));
            assertThat(outcome).isInstanceOf(LlmOutcome.Answer.class);
            assertThat(((LlmOutcome.Answer) outcome).text()).isNotBlank();
        }
    }

    @Test
    void quotaShouldCarryItsDelayInRetryInfoSoTheClassifierReadsItFromTheBody() {
        // a frozen clock never refills the one-token bucket: the second call is over quota by exactly 1 s
        SimulatorSettings settings = SimulatorSettings.defaults(1).withQuota(1, 1);
        try (LlmSimulator sim = new LlmSimulator(settings, ReferenceAnswers.NONE, Delayer.REAL, FROZEN).start();
                GeminiClient client = client(sim)) {
            assertThat(client.complete(new LlmRequest("q1", 1, "Why do cats purr?", "")))
                    .isInstanceOf(LlmOutcome.Answer.class);
            LlmOutcome second = client.complete(new LlmRequest("q2", 1, "Why is the sea salty?", ""));
            assertThat(second).isInstanceOf(LlmOutcome.Quota.class);
            LlmOutcome.Quota quota = (LlmOutcome.Quota) second;
            assertThat(quota.httpStatus()).isEqualTo(429);
            assertThat(quota.reason()).contains("RESOURCE_EXHAUSTED");
            assertThat(quota.retryAfter()).contains(Duration.ofSeconds(1));
        }
    }

    @Test
    void stormShouldAnswerGemini503AsOverload() {
        try (LlmSimulator sim = new LlmSimulator(SimulatorSettings.defaults(1), ReferenceAnswers.NONE).start();
                GeminiClient client = client(sim)) {
            sim.storm(Duration.ofMinutes(1));
            LlmOutcome a = client.complete(new LlmRequest("q1", 1, "Why do cats purr?", ""));
            LlmOutcome b = client.complete(new LlmRequest("q2", 1, "Why is the sea salty?", ""));
            assertThat(java.util.List.of(a, b))
                    .hasAtLeastOneElementOfType(LlmOutcome.Overload.class)
                    .hasAtLeastOneElementOfType(LlmOutcome.Quota.class);
        }
    }
}
