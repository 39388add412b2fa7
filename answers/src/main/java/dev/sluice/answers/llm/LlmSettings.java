package dev.sluice.answers.llm;

import dev.sluice.platform.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How to reach one LLM. The API key is never in configuration files: {@code apiKeyEnv} names the
 * environment variable that holds it, and {@link #fromEnvironment} reads it into a {@link Secret},
 * so the record's {@code toString} prints {@code ****}.
 *
 * @param timeout     bound on one call, connect to last byte; a call past it is an overload error
 * @param maxInFlight calls this client lets run at once; further callers wait up to {@code timeout}
 * @param maxTokens   answer length cap sent to the provider, 0 to send none (some OpenAI models
 *                    refuse {@code max_tokens})
 */
public record LlmSettings(
        LlmProvider provider,
        URI baseUrl,
        String model,
        String apiKeyEnv,
        Secret apiKey,
        Duration timeout,
        int maxInFlight,
        int maxTokens,
        String systemPrompt) {

    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    public static final String DEFAULT_SYSTEM_PROMPT = Prompts.SYSTEM;

    public LlmSettings {
        Objects.requireNonNull(provider, "llm.provider must be set (simulator, openai, ollama, gemini)");
        Objects.requireNonNull(baseUrl, "llm.base-url must be set, e.g. http://localhost:11434");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("llm.base-url must be an http:// or https:// URL, was " + baseUrl);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("llm.model must name the model, e.g. gpt-4o-mini or llama3.2");
        }
        apiKey = apiKey == null ? Secret.empty() : apiKey;
        if (provider == LlmProvider.GEMINI && apiKey.isEmpty()) {
            throw new IllegalArgumentException("Gemini needs an API key: set llm.api-key-env to the name of an "
                    + "environment variable holding it (e.g. GEMINI_API_KEY) and export that variable");
        }
        Objects.requireNonNull(timeout, "llm.timeout must be set, e.g. 30s");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "llm.timeout must be above 0 and at most " + MAX_TIMEOUT + ", was " + timeout);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("llm.max-in-flight must be at least 1, was " + maxInFlight);
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("llm.max-tokens must be 0 (no cap) or more, was " + maxTokens);
        }
        systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? DEFAULT_SYSTEM_PROMPT : systemPrompt;
    }

    /**
     * Settings whose key is read from the variable {@code apiKeyEnv} of {@code env} (pass
     * {@code System::getenv}; tests pass a map). A named but unset variable is an error: the operator
     * asked for a key and would otherwise get a confusing 401 later.
     */
    public static LlmSettings fromEnvironment(
            LlmProvider provider,
            URI baseUrl,
            String model,
            String apiKeyEnv,
            Duration timeout,
            int maxInFlight,
            int maxTokens,
            UnaryOperator<String> env) {
        Secret key = Secret.empty();
        if (apiKeyEnv != null && !apiKeyEnv.isBlank()) {
            String value = env.apply(apiKeyEnv.strip());
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("llm.api-key-env names the environment variable " + apiKeyEnv
                        + ", which is not set; export it, or clear llm.api-key-env for a server without keys");
            }
            key = Secret.of(value.strip());
        }
        return new LlmSettings(provider, baseUrl, model, apiKeyEnv, key, timeout, maxInFlight, maxTokens, null);
    }

    /** Local servers without keys (simulator, Ollama, vLLM), for tests and the demo. */
    public static LlmSettings local(LlmProvider provider, URI baseUrl, String model, Duration timeout) {
        return new LlmSettings(provider, baseUrl, model, null, Secret.empty(), timeout, 16, 0, null);
    }

    public LlmSettings withMaxInFlight(int n) {
        return new LlmSettings(provider, baseUrl, model, apiKeyEnv, apiKey, timeout, n, maxTokens, systemPrompt);
    }

    public LlmSettings withTimeout(Duration t) {
        return new LlmSettings(provider, baseUrl, model, apiKeyEnv, apiKey, t, maxInFlight, maxTokens, systemPrompt);
    }

    /** {@code base} + {@code path} without doubled or missing slashes. */
    URI resolve(String path) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }
}
