/**
 * What every demo, load run and benchmark reports with: the one summary printer
 * ({@link dev.sluice.platform.report.Summary}), the one writer of a benchmark's section of
 * docs/benchmarks.md ({@link dev.sluice.platform.report.MarkdownSection}), and the machine's CPU and
 * memory as the benchmarks read them ({@link dev.sluice.platform.report.MachineCpu},
 * {@link dev.sluice.platform.report.Memory}).
 */
package dev.sluice.platform.report;
