package dev.sluice.answers.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which wire protocol to speak. The simulator speaks the OpenAI one, so it shares that client. */
public enum LlmProvider {
    /** Sluice's built-in simulator, over the OpenAI protocol. */
    SIMULATOR,
    /** OpenAI chat completions: OpenAI, Gemini's OpenAI endpoint, vLLM, llama.cpp, Ollama /v1. */
    OPENAI,
    /** Ollama's native /api/chat. */
    OLLAMA,
    /** Gemini's native generateContent. */
    GEMINI;

    public static LlmProvider parse(String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (v.equals("SIM")) {
            return SIMULATOR;
        }
        if (v.equals("OPENAI_COMPATIBLE")) {
            return OPENAI;
        }
        return Arrays.stream(values())
                .filter(p -> p.name().equals(v))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown LLM provider '" + value + "'; use one of "
                        + Arrays.stream(values())
                                .map(p -> p.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))));
    }
}
