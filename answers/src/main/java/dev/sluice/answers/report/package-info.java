/**
 * Read models over the answers schema and topics, in the module that owns them: what the database
 * ({@link dev.sluice.answers.report.RunCounts}) and the topics ({@link dev.sluice.answers.report.RunAudit})
 * say about one run, and the run's Markdown report with charts ({@link dev.sluice.answers.report.AnswersReport}).
 * Demos, load runs and benchmarks count from here, never from the services' own counters.
 */
package dev.sluice.answers.report;
