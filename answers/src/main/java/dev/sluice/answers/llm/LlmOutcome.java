package dev.sluice.answers.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * The classified result of one LLM call (DESIGN.md, "Errors from LLM APIs"): an answer, or one of
 * the error classes with what the worker needs to route it.
 */
public sealed interface LlmOutcome {
    /** How long the call took, from asking the client (its call-slot wait included) to its outcome. */
    Duration latency();

    /** 200 with content. */
    record Answer(String text, String model, Duration latency) implements LlmOutcome {}

    /**
     * 503/502/504, 429 without quota words, timeouts, connection refused/reset, Ollama's 404 for a
     * model not pulled yet: back off exponentially.
     */
    record Overload(String reason, int httpStatus, Duration latency) implements LlmOutcome {}

    /** 429 insufficient_quota / RESOURCE_EXHAUSTED, 402: wait for the server's delay if it gave one. */
    record Quota(String reason, int httpStatus, Optional<Duration> retryAfter, Duration latency)
            implements LlmOutcome {}

    /** 400, 401, 403, 404 (but Ollama's "try pulling it first"), 422, unparseable body: never retried. */
    record Fatal(String reason, int httpStatus, Duration latency) implements LlmOutcome {}

    /** 200 with no usable content: counts as a failed attempt. */
    record Empty(String reason, Duration latency) implements LlmOutcome {}
}
