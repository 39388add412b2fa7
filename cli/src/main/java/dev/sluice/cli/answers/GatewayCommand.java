package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem.Part;
import dev.sluice.cli.Stack;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        description = "POST /api/questions, GET /api/questions/{id}: cache → database → questions.pending.")
final class GatewayCommand extends AnswersService {
    @Override
    Set<Part> parts() {
        return Set.of(Part.GATEWAY);
    }

    @Override
    String[] describe(Stack running) {
        return new String[] {"API  " + running.url() + "/api/questions"};
    }
}
