package dev.sluice.cli.orders;

import dev.sluice.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --state-delay}, declared once for the orders demo and load commands. */
public final class StateDelayOptions {
    @Option(
            names = "--state-delay",
            converter = DurationConverter.class,
            description = "time in each state (default: orders.state-delay, 2s)")
    Duration stateDelay;

    /** The delay asked for, or null to keep orders.state-delay. */
    public Duration stateDelay() {
        return stateDelay;
    }
}
