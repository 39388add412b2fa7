package dev.sluice.answers.llm;

/**
 * One LLM provider behind one call. Implementations never throw for provider errors: they
 * classify them into an {@link LlmOutcome} so the worker can route overload and quota errors to
 * their retry topics and fatal ones to the dead-letter topic.
 */
public interface LlmClient extends AutoCloseable {
    /** Blocking call bounded by the client's request timeout. */
    LlmOutcome complete(LlmRequest request);

    /** Provider and model, for logs and stored attempts, e.g. "openai:gpt-4o-mini" or "simulator:sim-1". */
    String describe();

    @Override
    default void close() {}
}
