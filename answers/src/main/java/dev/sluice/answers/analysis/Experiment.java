package dev.sluice.answers.analysis;

/**
 * One experiment of the answers report. It runs on its own (its own embedded parts or none), writes
 * every chart as PNG and the CSV behind it into {@link ExperimentContext#dir()}, and returns the
 * section that answers its question, naming the data and the LLM (simulator settings or provider)
 * it used.
 */
public interface Experiment {
    /** Short id, lower-case and dashes: file names and the section anchor ("cache", "threshold"). */
    String id();

    /** The section's heading. */
    String title();

    Section run(ExperimentContext context) throws Exception;
}
