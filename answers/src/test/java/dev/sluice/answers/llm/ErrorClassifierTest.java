package dev.sluice.answers.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table rows the client tests do not reach over HTTP, and the delay parsers' edge cases. */
class ErrorClassifierTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    final ErrorClassifier classifier = new ErrorClassifier(CLOCK);

    static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> m = new java.util.HashMap<>();
        values.forEach((k, v) -> m.put(k, List.of(v)));
        return HttpHeaders.of(m, (k, v) -> true);
    }

    @Test
    void statusTable() {
        Map<Integer, Class<?>> expected = Map.of(
                400,
                LlmOutcome.Fatal.class,
                401,
                LlmOutcome.Fatal.class,
                403,
                LlmOutcome.Fatal.class,
                404,
                LlmOutcome.Fatal.class,
                422,
                LlmOutcome.Fatal.class,
                402,
                LlmOutcome.Quota.class,
                408,
                LlmOutcome.Overload.class,
                500,
                LlmOutcome.Overload.class,
                502,
                LlmOutcome.Overload.class,
                503,
                LlmOutcome.Overload.class);
        expected.forEach((status, type) -> assertThat(classifier.classify(status, headers(Map.of()), "", Duration.ZERO))
                .as("HTTP %d", status)
                .isInstanceOf(type));
        assertThat(classifier.classify(504, headers(Map.of()), "", Duration.ZERO))
                .isInstanceOf(LlmOutcome.Overload.class);
    }

    @Test
    void a429IsQuotaOnlyWithQuotaWords() {
        assertThat(classifier.classify(429, headers(Map.of()), "{\"error\":\"too many requests\"}", Duration.ZERO))
                .isInstanceOf(LlmOutcome.Overload.class);
        assertThat(classifier.classify(429, headers(Map.of()), "Quota exceeded for metric", Duration.ZERO))
                .isInstanceOf(LlmOutcome.Quota.class);
    }

    @Test
    void ollamasModelNotPulledIsOverloadOnBothEndpointsAndOtherNotFoundsStayFatal() {
        for (String body :
                List.of(ProviderBodies.OLLAMA_MODEL_NOT_FOUND, ProviderBodies.OLLAMA_OPENAI_MODEL_NOT_FOUND)) {
            assertThat(classifier.classify(404, headers(Map.of()), body, Duration.ZERO))
                    .as(body)
                    .isInstanceOfSatisfying(
                            LlmOutcome.Overload.class,
                            o -> assertThat(o.reason()).startsWith("HTTP 404: ").contains("not pulled yet"));
        }
        // waiting does not fix a wrong path or a model the provider does not serve
        assertThat(classifier.classify(404, headers(Map.of()), ProviderBodies.OLLAMA_NO_ROUTE, Duration.ZERO))
                .isInstanceOf(LlmOutcome.Fatal.class);
        assertThat(classifier.classify(404, headers(Map.of()), ProviderBodies.OPENAI_MODEL_NOT_FOUND, Duration.ZERO))
                .isInstanceOf(LlmOutcome.Fatal.class);
        // the words only count on a 404: a 400 quoting them is still the caller's mistake
        assertThat(classifier.classify(400, headers(Map.of()), ProviderBodies.OLLAMA_MODEL_NOT_FOUND, Duration.ZERO))
                .isInstanceOf(LlmOutcome.Fatal.class);
    }

    @Test
    void aModelNotPulledTakesTheOverloadBackoffAndEndsInTheDlqWithItsReason() {
        var settings = new dev.sluice.answers.retry.RetryPolicy.Settings(
                Duration.ofMillis(200), Duration.ofSeconds(30), 2, Duration.ofSeconds(60), 2);
        var policy = new dev.sluice.answers.retry.RetryPolicy(settings, CLOCK, new java.util.Random(1));
        var outcome = classifier.classify(404, headers(Map.of()), ProviderBodies.OLLAMA_MODEL_NOT_FOUND, Duration.ZERO);
        var task = dev.sluice.answers.messages.QuestionTask.first("q1", "Why?", "", "Because.", CLOCK.instant());

        var first = policy.decide(task, outcome);
        assertThat(first).isInstanceOfSatisfying(dev.sluice.answers.retry.RetryDecision.Retry.class, r -> {
            assertThat(r.kind()).isEqualTo(dev.sluice.answers.retry.RetryKind.OVERLOAD);
            assertThat(r.delay()).isBetween(Duration.ZERO, Duration.ofMillis(200));
        });
        var exhausted = task.withOverloadRetry().withOverloadRetry();
        assertThat(policy.decide(exhausted, outcome))
                .isInstanceOfSatisfying(dev.sluice.answers.retry.RetryDecision.GiveUp.class, g -> {
                    assertThat(g.errorClass()).isEqualTo("overload");
                    assertThat(g.reason()).contains("llama9").contains("not pulled yet");
                });
    }

    @Test
    void delaysInThePastOrUnreadableAreZeroOrAbsent() {
        assertThat(RetryDelays.retryAfter("Mon, 23 Nov 2026 09:00:00 GMT", CLOCK))
                .contains(Duration.ZERO);
        assertThat(RetryDelays.retryAfter("soon", CLOCK)).isEmpty();
        assertThat(RetryDelays.millis("-5")).isEmpty();
        assertThat(RetryDelays.protoDuration("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(RetryDelays.protoDuration("17")).isEmpty();
        var quota = (LlmOutcome.Quota) classifier.classify(
                429, headers(Map.of("Retry-After", "later")), ProviderBodies.OPENAI_INSUFFICIENT_QUOTA, Duration.ZERO);
        assertThat(quota.retryAfter()).isEmpty();
    }

    @Test
    void longBodiesAreCutInTheReason() {
        var fatal = (LlmOutcome.Fatal) classifier.classify(400, headers(Map.of()), "x".repeat(5000), Duration.ZERO);
        assertThat(fatal.reason().length()).isLessThan(ErrorClassifier.MAX_REASON + 20);
    }

    @Test
    void transportFailures() {
        assertThat(classifier.classify(
                        new java.net.http.HttpTimeoutException("request timed out"), Duration.ofSeconds(1)))
                .isInstanceOf(LlmOutcome.Overload.class);
        assertThat(classifier.classify(new IOException("Connection reset"), Duration.ZERO))
                .isInstanceOf(LlmOutcome.Overload.class);
        assertThat(classifier.classify(new IllegalArgumentException("bad header"), Duration.ZERO))
                .isInstanceOf(LlmOutcome.Fatal.class);
    }

    @Test
    void providerNamesAndSettingsErrorsSayWhatIsAccepted() {
        assertThat(LlmProvider.parse("sim")).isEqualTo(LlmProvider.SIMULATOR);
        assertThat(LlmProvider.parse("Ollama")).isEqualTo(LlmProvider.OLLAMA);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LlmProvider.parse("claude"))
                .hasMessageContaining("simulator, openai, ollama, gemini");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LlmSettings.local(
                        LlmProvider.OPENAI, java.net.URI.create("ftp://x"), "m", Duration.ofSeconds(1)))
                .hasMessageContaining("llm.base-url");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        LlmSettings.local(LlmProvider.OPENAI, java.net.URI.create("http://x"), "m", Duration.ZERO))
                .hasMessageContaining("llm.timeout");
    }
}
