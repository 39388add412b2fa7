package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem.Part;
import dev.sluice.answers.messages.AnswersTopics;
import dev.sluice.cli.Stack;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(
        name = "scheduler",
        mixinStandardHelpOptions = true,
        description = "Delay schedulers for the overload and quota retry topics.")
final class SchedulerCommand extends AnswersService {
    @Override
    Set<Part> parts() {
        return Set.of(Part.SCHEDULERS);
    }

    @Override
    String[] describe(Stack running) {
        return new String[] {
            "overload retries " + AnswersTopics.OVERLOAD_RETRY, "quota retries    " + AnswersTopics.QUOTA_RETRY
        };
    }
}
