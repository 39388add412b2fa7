package dev.sluice.cli.answers;

import dev.sluice.answers.LlmChoice;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.llm.LlmProvider;
import dev.sluice.answers.llm.LlmSettings;
import dev.sluice.answers.simulator.SimulatorSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which LLM the workers call: the built-in simulator (the default, started in this process) or a
 * real provider. Shared by {@code demo}, {@code up} and {@code answers worker}.
 */
public final class LlmOptions {
    @Option(
            names = "--llm",
            defaultValue = "sim",
            description =
                    "sim (the built-in LLM simulator), ollama, openai (any OpenAI-compatible API), gemini (default: ${DEFAULT-VALUE})")
    String llm = "sim";

    @Option(
            names = "--llm-url",
            description = "base URL, e.g. http://localhost:11434 (Ollama), https://api.openai.com, "
                    + "https://generativelanguage.googleapis.com/v1beta/openai (Gemini's OpenAI endpoint)")
    URI llmUrl;

    @Option(
            names = "--model",
            defaultValue = "llama3.2",
            description = "model name (default: ${DEFAULT-VALUE}; ignored by the simulator)")
    String model = "llama3.2";

    @Option(
            names = "--api-key-env",
            description = "environment variable holding the API key (e.g. OPENAI_API_KEY); the key is never logged")
    String apiKeyEnv;

    @Option(
            names = "--max-in-flight",
            defaultValue = "8",
            description = "concurrent LLM calls per worker (default: ${DEFAULT-VALUE})")
    int maxInFlight = 8;

    @Option(
            names = "--llm-timeout",
            defaultValue = "30s",
            converter = dev.sluice.cli.DurationConverter.class,
            description = "per-request timeout (default: ${DEFAULT-VALUE})")
    Duration timeout = Duration.ofSeconds(30);

    /** The built-in simulator with {@code maxInFlight} calls per worker (benchmarks, tests). */
    public static LlmOptions simulator(int maxInFlight) {
        LlmOptions o = new LlmOptions();
        o.maxInFlight = maxInFlight;
        return o;
    }

    public LlmProvider provider() {
        return LlmProvider.parse(llm);
    }

    public boolean simulator() {
        return provider() == LlmProvider.SIMULATOR;
    }

    /** Settings for a real provider; the simulator's are made once it has a port. Reads the key from the environment. */
    public LlmSettings settings(URI simulatorUrl, String simulatorModel) {
        if (simulator()) {
            // the simulator speaks the OpenAI API
            return LlmSettings.fromEnvironment(
                    LlmProvider.OPENAI, simulatorUrl, simulatorModel, null, timeout, maxInFlight, 512, System::getenv);
        }
        if (llmUrl == null) {
            throw new IllegalArgumentException(
                    "--llm-url: required for --llm " + llm + " (e.g. http://localhost:11434 for Ollama)");
        }
        return LlmSettings.fromEnvironment(
                provider(), llmUrl, model, apiKeyEnv, timeout, maxInFlight, 512, System::getenv);
    }

    /** The workers' LLM: the simulator with {@code simulator} settings answering from {@code data}, or the provider. */
    public LlmChoice choice(SimulatorSettings simulator, List<QaPair> data) {
        validate();
        return simulator()
                ? new LlmChoice.Simulator(simulator, data, timeout, maxInFlight)
                : new LlmChoice.Provider(settings(null, null));
    }

    /** Checks the options before anything starts, so a typo fails in a second rather than after the stack is up. */
    public void validate() {
        LlmProvider p = provider();
        if (p != LlmProvider.SIMULATOR && llmUrl == null) {
            throw new IllegalArgumentException(
                    "--llm-url: required for --llm " + llm + " (e.g. http://localhost:11434 for Ollama)");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("--max-in-flight: must be at least 1, was " + maxInFlight);
        }
    }

    public int maxInFlight() {
        return maxInFlight;
    }
}
