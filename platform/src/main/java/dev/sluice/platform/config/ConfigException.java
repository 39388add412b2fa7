package dev.sluice.platform.config;

import java.util.List;

/**
 * A configuration that cannot start Sluice. Each problem names the key, the offending value and
 * what would be accepted, so the message alone tells the operator what to change.
 */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(List<String> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, one per key, in key-table order. */
    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return "invalid configuration (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems);
    }
}
