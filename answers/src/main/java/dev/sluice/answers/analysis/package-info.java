/**
 * The answers analysis ({@code sluice report answers}): experiments that answer the questions users
 * ask of the pipeline (queues vs synchronous calls, retries, the threshold, the feedback loop, the
 * cache, storage) from measured runs. Each {@link dev.sluice.answers.analysis.Experiment} writes
 * its CSVs and PNG charts into the report directory and returns one {@link
 * dev.sluice.answers.analysis.Section} of Markdown that answers its question from the numbers.
 */
package dev.sluice.answers.analysis;
