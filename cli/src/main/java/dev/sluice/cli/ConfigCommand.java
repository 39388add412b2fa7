package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the effective configuration, secrets masked: the quickest way to see which source won. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Print the effective configuration (secrets masked).")
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @picocli.CommandLine.Option(
            names = "--keys",
            description = "print every key with its default and meaning as a Markdown table")
    boolean keys;

    @Override
    public Integer call() {
        if (keys) {
            System.out.println("| key | environment variable | default | meaning |");
            System.out.println("|---|---|---|---|");
            for (var k : dev.sluice.platform.config.ConfigKeys.ALL) {
                System.out.printf(
                        "| `%s` | `%s` | `%s` | %s |%n",
                        k.name(),
                        dev.sluice.platform.config.ConfigLoader.envName(k.name()),
                        k.defaultValue(),
                        k.help());
            }
            return 0;
        }
        System.out.print(stack.load().describe());
        return 0;
    }
}
