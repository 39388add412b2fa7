package dev.sluice.answers.llm;

/**
 * Headers Sluice adds to every LLM call. Real providers ignore them; the simulator reads the
 * attempt to vary answer quality and marks its answers so nobody mistakes it for a real model.
 */
public final class LlmHeaders {
    public static final String ATTEMPT = "x-sluice-attempt";
    public static final String QUESTION_ID = "x-sluice-question-id";
    public static final String SIMULATOR = "x-sluice-simulator";

    private LlmHeaders() {}
}
