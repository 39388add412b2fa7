package dev.sluice.cli.answers;

import dev.sluice.answers.simulator.LlmSimulator;
import dev.sluice.answers.simulator.ReferenceAnswers;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.SeedOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "The LLM simulator: OpenAI and Ollama HTTP APIs with overload, quota and errors, answering "
                + "from the sample dataset. A simulator, not a model.")
final class SimulatorCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "11434", description = "port (default: ${DEFAULT-VALUE}, Ollama's)")
    int port;

    @Mixin
    SeedOptions seed;

    @Override
    public Integer call() throws Exception {
        LlmSimulator sim = new LlmSimulator(
                        SimulatorSettings.demo(seed.seed()).withPort(port),
                        ReferenceAnswers.fromPairs(AnswersCommand.sample()))
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("sluice answers simulator is running: LLM SIMULATOR at " + sim.baseUrl()
                + " (OpenAI /v1/chat/completions, Ollama /api/chat). Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
