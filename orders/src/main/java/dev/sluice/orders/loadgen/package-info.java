/**
 * The orders load generator, beside answers' {@code dev.sluice.answers.loadgen}: a
 * {@link dev.sluice.orders.loadgen.LoadRun} places orders from a catalogue over HTTP against a
 * running orders system (a {@link dev.sluice.orders.loadgen.LoadRun.Target}: its API URI, Kafka, the
 * state delays and the e-mail read model), watches {@code orders.status}
 * ({@link dev.sluice.orders.loadgen.StatusWatcher}) and measures a {@link dev.sluice.orders.loadgen.LoadResult};
 * {@link dev.sluice.orders.loadgen.LoadReport} writes its report and charts. Used by the orders demo,
 * load and benchmark commands.
 */
package dev.sluice.orders.loadgen;
