package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the effective configuration, secrets masked: the quickest way to see which source won. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Print the effective configuration (secrets masked).")
final class ConfigCommand implements Callable<Integer> {
  @Mixin StackOptions stack;

  @Override
  public Integer call() {
    System.out.print(stack.load().describe());
    return 0;
  }
}
