/**
 * The delay topics' benchmark harness, next to the delay topics it measures (every module keeps
 * its benchmarks in a {@code bench} package beside what they measure; the CLI only wires them):
 * {@link dev.sluice.platform.delay.bench.DelayRun} drives and observes records,
 * {@link dev.sluice.platform.delay.bench.RawKafka} is the raw produce→consume baseline every
 * benchmark compares against, {@link dev.sluice.platform.delay.bench.DelayBench} runs the delay
 * benchmark's phases and {@link dev.sluice.platform.delay.bench.DelayBenchReport} writes its section.
 */
package dev.sluice.platform.delay.bench;
