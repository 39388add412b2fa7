package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem.Part;
import dev.sluice.cli.Stack;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = "An LLM worker: questions.pending → LLM → answers.generated, retry topics or the DLQ. "
                + "--llm sim starts the built-in LLM simulator in this process.")
final class WorkerCommand extends AnswersService {
    @Mixin
    LlmOptions llm;

    @Option(
            names = "--instance",
            description = "instance id, stable across restarts of this worker (a restarted worker then aborts its "
                    + "predecessor's open transaction); default: host name")
    String instance;

    @Option(
            names = "--workers",
            defaultValue = "1",
            description = "worker instances in this process (default: ${DEFAULT-VALUE})")
    int workers;

    @Override
    Set<Part> parts() {
        return Set.of(Part.WORKERS);
    }

    @Override
    LlmOptions llm() {
        return llm;
    }

    @Override
    String instance() {
        return instance != null ? instance : Stack.hostName();
    }

    @Override
    int workers() {
        return workers;
    }

    @Override
    String[] describe(Stack running) {
        return new String[] {"LLM " + running.answers().llmDescription()};
    }
}
