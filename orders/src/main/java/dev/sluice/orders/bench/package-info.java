/**
 * The orders benchmark's harness, next to what it measures (as every module keeps its benchmarks
 * in a {@code bench} package; the CLI only wires): {@link dev.sluice.orders.bench.OrdersBench} runs
 * a burst and stepped steady rates through {@link dev.sluice.orders.loadgen.LoadRun} next to raw
 * Kafka, and {@link dev.sluice.orders.bench.OrdersBenchReport} renders its section of docs/benchmarks.md.
 */
package dev.sluice.orders.bench;
