package dev.sluice.answers.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The LLM simulator's answers without its HTTP server: for (question, attempt) the same fate and the
 * same text {@link LlmSimulator} would serve with these settings, so an analysis can replay thousands
 * of calls in-process. It is the simulator, not a model: every answer is written from the reference.
 */
public final class SimulatedAnswers {
    private final SimulatorSettings settings;

    public SimulatedAnswers(SimulatorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /**
     * One call's result.
     *
     * @param text the answer, or empty when the simulator's fate for this call is a fatal or empty reply
     * @param latency the latency the simulator would wait before replying
     */
    public record Call(String text, Duration latency) {
        public boolean answered() {
            return !text.isEmpty();
        }
    }

    /**
     * @param questionKey what the worker sends as the question id (the seeded draw's key)
     * @param reference the community's best answer the simulator writes from
     * @param prompt the user message (the simulator only uses it when it has no reference)
     */
    public Call call(String questionKey, int attempt, String reference, String prompt) {
        Fate fate = Fate.draw(settings, questionKey, attempt);
        if (fate.outcome() != Fate.Outcome.ANSWER) {
            return new Call("", fate.latency());
        }
        return new Call(AnswerWriter.write(fate.kind(), reference, prompt, fate.textRandom()), fate.latency());
    }
}
