package dev.sluice.cli.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * Every HTTP request a chaos workload sent, as (time sent, succeeded): what the clients saw. The
 * longest window of failed requests is the time from a failed request to the next one that
 * succeeded (requests in flight overlap, so it is measured on send times in order).
 */
final class RequestLog {
    private record Entry(long atMillis, boolean ok) {}

    private final List<Entry> entries = new ArrayList<>();
    private long failed;

    synchronized void record(long atMillis, boolean ok) {
        entries.add(new Entry(atMillis, ok));
        if (!ok) {
            failed++;
        }
    }

    synchronized long failed() {
        return failed;
    }

    synchronized long total() {
        return entries.size();
    }

    /** The longest run of failures between {@code from} and {@code to} (epoch ms), in ms: first failure to next success. */
    synchronized long longestFailureWindow(long from, long to) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(java.util.Comparator.comparingLong(Entry::atMillis));
        long longest = 0;
        long firstFailure = -1;
        for (Entry e : sorted) {
            if (e.atMillis() < from || e.atMillis() >= to) {
                continue;
            }
            if (!e.ok() && firstFailure < 0) {
                firstFailure = e.atMillis();
            } else if (e.ok() && firstFailure >= 0) {
                longest = Math.max(longest, e.atMillis() - firstFailure);
                firstFailure = -1;
            }
        }
        if (firstFailure >= 0) {
            longest = Math.max(longest, to - firstFailure);
        }
        return longest;
    }
}
