package dev.sluice.answers;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.simulator.SimulatorSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Which LLM the workers call: a real provider, or the built-in LLM simulator started in the same process. */
public sealed interface LlmChoice {

    /** LLM calls one worker runs at once. */
    int maxInFlight();

    /** A real provider (Ollama, any OpenAI-compatible API, Gemini). */
    record Provider(LlmSettings settings) implements LlmChoice {
        public Provider {
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public int maxInFlight() {
            return settings.maxInFlight();
        }
    }

    /**
     * The simulator: it speaks the OpenAI API, so the workers use the OpenAI client against its
     * address once it has a port.
     *
     * @param data the reference answers it draws its answers from
     */
    record Simulator(SimulatorSettings settings, List<QaPair> data, Duration timeout, int maxInFlight)
            implements LlmChoice {
        public Simulator {
            Objects.requireNonNull(settings, "settings");
            data = List.copyOf(data);
            Objects.requireNonNull(timeout, "timeout");
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("--max-in-flight: must be at least 1, was " + maxInFlight);
            }
        }

        /** The workers' client settings for a simulator serving at {@code baseUrl}. */
        public LlmSettings settingsAt(URI baseUrl) {
            return LlmSettings.fromEnvironment(
                    LlmProvider.OPENAI,
                    baseUrl,
                    SimulatorSettings.MODEL,
                    null,
                    timeout,
                    maxInFlight,
                    512,
                    System::getenv);
        }
    }
}
