package dev.sluice.platform.delay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * One tier partition's read-ahead: the records fetched but not yet due, ordered by due time, and
 * the offsets above the commit point that were already forwarded. Bounded: a record more than
 * {@code window} offsets above the lowest waiting one is refused (the caller pauses fetching).
 * Used by one thread, the scheduler's loop.
 */
final class PartitionWindow {
    private record Waiting(long due, long offset) {}

    private static final Comparator<Waiting> BY_DUE =
            Comparator.comparingLong(Waiting::due).thenComparingLong(Waiting::offset);

    private final int window;
    private final NavigableSet<Long> forwardedAbove;
    private final TreeMap<Long, ConsumerRecord<byte[], byte[]>> waiting = new TreeMap<>();
    private final TreeSet<Waiting> byDue = new TreeSet<>(BY_DUE);

    /** @param forwardedAbove offsets at or above the committed offset already forwarded (from the commit's metadata) */
    PartitionWindow(int window, NavigableSet<Long> forwardedAbove) {
        this.window = window;
        this.forwardedAbove = new TreeSet<>(forwardedAbove);
    }

    /** Takes a fetched record; false when it lies beyond the window (fetch it again later). */
    boolean accept(ConsumerRecord<byte[], byte[]> r) {
        if (forwardedAbove.contains(r.offset()) || waiting.containsKey(r.offset())) {
            return true; // forwarded before a restart or rebalance, or fetched twice: never again
        }
        if (!waiting.isEmpty() && r.offset() - waiting.firstKey() >= window) {
            return false;
        }
        // A record without a usable due time is due now: the scheduler dead-letters it.
        long due = DelayHeaders.dueMillis(r.headers()).orElse(Long.MIN_VALUE);
        waiting.put(r.offset(), r);
        byDue.add(new Waiting(due, r.offset()));
        return true;
    }

    /** Removes and returns the records due at {@code now}, earliest due first; they count as forwarded. */
    List<ConsumerRecord<byte[], byte[]>> takeDue(long now) {
        List<ConsumerRecord<byte[], byte[]>> due = new ArrayList<>();
        while (!byDue.isEmpty() && byDue.first().due() <= now) {
            Waiting w = byDue.pollFirst();
            due.add(waiting.remove(w.offset()));
            forwardedAbove.add(w.offset());
        }
        return due;
    }

    /**
     * The offset to commit: the lowest record still waiting, or the consumer's position when none
     * waits; with the offsets above it already forwarded as metadata.
     */
    OffsetAndMetadata commitPoint(long position) {
        long commit = waiting.isEmpty() ? position : waiting.firstKey();
        forwardedAbove.headSet(commit, false).clear();
        return new OffsetAndMetadata(commit, ForwardedOffsets.encode(commit, forwardedAbove));
    }

    /** Whether fetching from {@code position} would fit in the window again. */
    boolean hasRoom(long position) {
        return waiting.isEmpty() || position - waiting.firstKey() < window;
    }

    long nextDue() {
        return byDue.isEmpty() ? Long.MAX_VALUE : byDue.first().due();
    }

    int pending() {
        return waiting.size();
    }
}
