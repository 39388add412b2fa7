package dev.sluice.cli.orders;

import dev.sluice.orders.loadgen.LoadResult;
import dev.sluice.orders.loadgen.LoadRun;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A load run's progress on standard error: orders finalized out of those planned, and how many were posted. */
final class LoadProgressBar implements LoadRun.Progress, AutoCloseable {
    private final ProgressBar bar;

    LoadProgressBar(int orders) {
        bar = new ProgressBarBuilder()
                .setTaskName("finalizado")
                .setInitialMax(orders)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    /** Runs {@code plan} against {@code target} with a bar that is closed before the summary is printed. */
    static LoadResult run(LoadRun.Target target, dev.sluice.orders.datasets.Catalogue catalogue, LoadRun.Plan plan)
            throws Exception {
        try (LoadProgressBar bar = new LoadProgressBar(plan.orders())) {
            return new LoadRun(target, catalogue, plan, bar).run();
        }
    }

    @Override
    public void update(long finalized, long posted) {
        bar.stepTo(finalized);
        bar.setExtraMessage(" posted " + posted);
    }

    @Override
    public void close() {
        bar.close();
    }
}
