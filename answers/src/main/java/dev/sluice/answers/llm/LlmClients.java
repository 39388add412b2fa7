package dev.sluice.answers.llm;

import java.time.Clock;

/** Picks the client for a provider: the one switch the wiring code needs. */
public final class LlmClients {
    private LlmClients() {}

    public static LlmClient create(LlmSettings settings) {
        return create(settings, Clock.systemUTC());
    }

    public static LlmClient create(LlmSettings settings, Clock clock) {
        return switch (settings.provider()) {
            case SIMULATOR, OPENAI -> new OpenAiCompatibleClient(settings, clock);
            case OLLAMA -> new OllamaClient(settings, clock);
            case GEMINI -> new GeminiClient(settings, clock);
        };
    }
}
