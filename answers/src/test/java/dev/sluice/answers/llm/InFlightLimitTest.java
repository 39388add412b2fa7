package dev.sluice.answers.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {
    @Test
    void aCallBeyondMaxInFlightWaitsForASlotInsteadOfReachingTheServer() throws Exception {
        try (FakeLlmServer server =
                new FakeLlmServer().respond(200, ProviderBodies.OPENAI_OK).hold()) {
            OpenAiCompatibleClient client = new OpenAiCompatibleClient(
                    LlmSettings.local(LlmProvider.OPENAI, server.base(), "m", Duration.ofSeconds(10))
                            .withMaxInFlight(1));
            CompletableFuture<LlmOutcome> first =
                    CompletableFuture.supplyAsync(() -> client.complete(new LlmRequest("a", 1, "t", null)));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.receivedCount() == 1);
            CompletableFuture<LlmOutcome> second =
                    CompletableFuture.supplyAsync(() -> client.complete(new LlmRequest("b", 1, "t", null)));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.waiting() == 1);
            assertThat(server.receivedCount()).isEqualTo(1);

            server.open();
            assertThat(first.join()).isInstanceOf(LlmOutcome.Answer.class);
            assertThat(second.join()).isInstanceOf(LlmOutcome.Answer.class);
            assertThat(server.receivedCount()).isEqualTo(2);
        }
    }

    @Test
    void slotWaitAndCallShareOneDeadline() throws Exception {
        try (FakeLlmServer server = new FakeLlmServer().hang()) {
            OpenAiCompatibleClient client = new OpenAiCompatibleClient(
                    LlmSettings.local(LlmProvider.OPENAI, server.base(), "m", Duration.ofMillis(300))
                            .withMaxInFlight(1));
            CompletableFuture<LlmOutcome> first =
                    CompletableFuture.supplyAsync(() -> client.complete(new LlmRequest("a", 1, "t", null)));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.receivedCount() == 1);
            LlmOutcome second = client.complete(new LlmRequest("b", 1, "t", null));
            assertThat(second).isInstanceOf(LlmOutcome.Overload.class);
            assertThat(((LlmOutcome.Overload) second).latency()).isLessThan(Duration.ofMillis(1500));
            assertThat(first.join()).isInstanceOf(LlmOutcome.Overload.class);
        }
    }
}
