package dev.sluice.cli.dashboard;

/** One system's part of the dashboard: reads what the system already records, once a tick. */
interface Panel {
    /** The section's name on the page and in the JSON: {@code answers} or {@code orders}. */
    String name();

    /**
     * Reads this tick's values; {@code full} also reads the heavier distributions (every few ticks,
     * to keep a 2-core machine for the pipelines).
     */
    Reading read(boolean full) throws Exception;
}
