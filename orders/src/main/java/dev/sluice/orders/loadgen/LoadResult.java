package dev.sluice.orders.loadgen;

import dev.sluice.orders.Estado;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything measured in one run; the summary and the report are built from it. The drains are
 * how long after the last POST answered the last order finalized and its last e-mail was
 * recorded as sent, less the three configured delays (uniform delays assumed): about one
 * transition lag when the pipeline keeps up, growing when a backlog builds.
 */
public record LoadResult(
        LoadRun.Plan plan,
        String dataset,
        Duration stateDelay,
        int partitions,
        int requested,
        long accepted,
        long postErrors,
        String firstError,
        long finalized,
        long emailsSent,
        long duplicateEmails,
        long duplicateStateChanges,
        Histogram postLatencyMicros,
        Histogram completionMillis,
        List<Histogram> lagByTransition,
        Histogram lagMillis,
        Histogram schedulerLagMillis,
        Histogram handoffMillis,
        PerSecond sentPerSecond,
        PerSecond acceptedPerSecond,
        PerSecond finalizedPerSecond,
        PerSecond emailsPerSecond,
        double postingSeconds,
        double elapsedSeconds,
        long finalizeDrainMillis,
        long mailDrainMillis) {

    public long lost() {
        return accepted - finalized;
    }

    public boolean ok() {
        return lost() == 0
                && duplicateEmails == 0
                && duplicateStateChanges == 0
                && postErrors == 0
                && emailsSent == 4 * accepted;
    }

    public double acceptedRate() {
        return postingSeconds <= 0 ? accepted : Math.round(accepted / postingSeconds * 10) / 10.0;
    }

    /**
     * E-mails recorded as sent per second, from the first second with one to the last (whole
     * seconds): under a burst, the notifier's throughput while it drains its backlog.
     */
    public long emailsPerSecondMean() {
        long[] series = emailsPerSecond.series();
        int first = 0;
        while (first < series.length && series[first] == 0) {
            first++;
        }
        if (first == series.length) {
            return 0;
        }
        long total = 0;
        for (int i = first; i < series.length; i++) {
            total += series[i];
        }
        return Math.round((double) total / (series.length - first));
    }

    public static String transition(int i) {
        return Estado.values()[i].wire() + " → " + Estado.values()[i + 1].wire();
    }

    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", plan.scenario().name().toLowerCase());
        m.put("dataset", dataset);
        m.put("orders", requested);
        if (plan.scenario() == LoadRun.Scenario.STEADY) {
            m.put("offered_rate_per_s", plan.rate());
        }
        m.put("accepted", accepted);
        m.put("post_errors", postErrors);
        m.put("finalized", finalized);
        m.put("emails_sent", emailsSent);
        m.put("emails_expected", 4 * accepted);
        m.put("lost", lost());
        m.put("duplicate_emails", duplicateEmails);
        m.put("duplicate_state_changes", duplicateStateChanges);
        m.put("state_delay_ms", stateDelay.toMillis());
        m.put("partitions", partitions);
        m.put("accepted_per_s", acceptedRate());
        m.put("post_latency_ms_p50", ms(postLatencyMicros, 50));
        m.put("post_latency_ms_p95", ms(postLatencyMicros, 95));
        m.put("post_latency_ms_p99", ms(postLatencyMicros, 99));
        m.put("completion_ms_p50", completionMillis.getValueAtPercentile(50));
        m.put("completion_ms_p95", completionMillis.getValueAtPercentile(95));
        m.put("completion_ms_p99", completionMillis.getValueAtPercentile(99));
        m.put("transition_lag_ms_p50", lagMillis.getValueAtPercentile(50));
        m.put("transition_lag_ms_p95", lagMillis.getValueAtPercentile(95));
        m.put("transition_lag_ms_p99", lagMillis.getValueAtPercentile(99));
        m.put("transition_lag_ms_max", lagMillis.getMaxValue());
        // The lag split in two: due → the delay scheduler forwarded the step (its record's timestamp on
        // orders.advance), and forwarded → the processor published the new state.
        m.put("lag_scheduler_ms_p50", schedulerLagMillis.getValueAtPercentile(50));
        m.put("lag_scheduler_ms_p99", schedulerLagMillis.getValueAtPercentile(99));
        m.put("lag_handoff_ms_p50", handoffMillis.getValueAtPercentile(50));
        m.put("lag_handoff_ms_p99", handoffMillis.getValueAtPercentile(99));
        m.put("finalize_drain_ms", finalizeDrainMillis);
        m.put("email_drain_ms", mailDrainMillis);
        m.put("emails_per_s_peak", emailsPerSecond.max());
        m.put("emails_per_s_mean", emailsPerSecondMean());
        m.put("elapsed_s", elapsedSeconds);
        if (firstError != null) {
            m.put("first_error", firstError);
        }
        return m;
    }

    /** The shorter summary {@code sluice orders demo} prints: what was placed, what arrived, the main latencies. */
    public Map<String, Object> brief() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orders", requested);
        m.put("accepted", accepted);
        m.put("finalized", finalized);
        m.put("emails_sent", emailsSent);
        m.put("emails_expected", 4L * requested);
        m.put("lost", requested - finalized);
        m.put("duplicate_emails", duplicateEmails);
        m.put("duplicate_state_changes", duplicateStateChanges);
        m.put("state_delay_ms", stateDelay.toMillis());
        m.put("post_latency_ms_p50", postLatencyMicros.getValueAtPercentile(50) / 1000.0);
        m.put("post_latency_ms_p95", postLatencyMicros.getValueAtPercentile(95) / 1000.0);
        m.put("completion_ms_p50", completionMillis.getValueAtPercentile(50));
        m.put("completion_ms_p95", completionMillis.getValueAtPercentile(95));
        m.put("transition_lag_ms_p50", lagMillis.getValueAtPercentile(50));
        m.put("transition_lag_ms_p99", lagMillis.getValueAtPercentile(99));
        m.put("elapsed_s", elapsedSeconds);
        return m;
    }

    public static double ms(Histogram micros, double percentile) {
        return Math.round(micros.getValueAtPercentile(percentile) / 100.0) / 10.0;
    }
}
