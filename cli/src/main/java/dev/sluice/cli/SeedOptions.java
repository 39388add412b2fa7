package dev.sluice.cli;

import picocli.CommandLine.Option;

/** {@code --seed}, declared once for every load and demo command: the same seed gives the same run. */
public final class SeedOptions {
    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "seed of the run's random choices: arrivals, which question or product comes next, generated data, the simulator (default: ${DEFAULT-VALUE})")
    long seed;

    public long seed() {
        return seed;
    }
}
