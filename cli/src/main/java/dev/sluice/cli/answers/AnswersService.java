package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.AnswersSystem.Part;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.Stack;
import dev.sluice.cli.StackOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** One part of the answers system in a stack of its own, in the foreground until Ctrl-C. */
abstract class AnswersService implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    abstract Set<Part> parts();

    LlmOptions llm() {
        return new LlmOptions();
    }

    String instance() {
        return Stack.hostName();
    }

    int workers() {
        return 1;
    }

    abstract String[] describe(Stack running);

    @Override
    public Integer call() throws Exception {
        var config = stack.load();
        var run = new AnswersSystem.Run(
                parts(), instance(), workers(), llm().choice(SimulatorSettings.demo(42), AnswersCommand.sample()));
        Stack running = stack.builder(config).answers(run).http().dashboard().start();
        String name = parts().iterator().next().name().toLowerCase(java.util.Locale.ROOT);
        List<String> lines = new java.util.ArrayList<>(List.of(describe(running)));
        lines.add("Kafka " + running.infra().bootstrapServers());
        lines.add("Ready " + running.url() + "/ready");
        return running.foreground("sluice answers " + name, lines.toArray(String[]::new));
    }
}
