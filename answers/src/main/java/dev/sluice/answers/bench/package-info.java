/**
 * The answers benchmarks' harnesses, next to what they measure. Decision taken for the whole
 * project: every module keeps its benchmarks in a {@code bench} package of its own (platform's in
 * {@code dev.sluice.platform.delay.bench}, orders' in {@code dev.sluice.orders.bench}); a harness takes
 * what it measures as parameters (Kafka clients, a data source, a Flink target, settings records, the
 * started pieces of a running pipeline) and the CLI only starts the stack and wires them.
 *
 * <p>{@link dev.sluice.answers.bench.ScoringBench}: the semantic scorer in the Flink job against raw
 * batched inference, and the latency it adds. {@link dev.sluice.answers.bench.PipelineBench}: the
 * pipeline end to end (Kafka, HTTP, latency, quota) next to raw Kafka. Each has a {@code *Report}
 * that renders its section of docs/benchmarks.md.
 */
package dev.sluice.answers.bench;
