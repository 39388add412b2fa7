package dev.sluice.cli.answers;

import dev.sluice.answers.AnswersSystem.Part;
import dev.sluice.cli.Stack;
import java.util.Set;
import picocli.CommandLine.Command;

@Command(
        name = "storage",
        mixinStandardHelpOptions = true,
        description = "Write answers.validated, answers.scored and questions.dlq into PostgreSQL, idempotently.")
final class StorageCommand extends AnswersService {
    @Override
    Set<Part> parts() {
        return Set.of(Part.STORAGE);
    }

    @Override
    String[] describe(Stack running) {
        return new String[] {"PostgreSQL " + running.infra().jdbcUrl()};
    }
}
