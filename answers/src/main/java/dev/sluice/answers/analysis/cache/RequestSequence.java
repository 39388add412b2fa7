package dev.sluice.answers.analysis.cache;

import dev.sluice.answers.loadgen.ArrivalProcess;
import dev.sluice.answers.loadgen.Popularity;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Who asks what, when: request i asks question {@code questions[i]} (an index into the question
 * list) at {@code offsetsMillis[i]} after the start. Replays of one sequence against different
 * caches see exactly the same traffic, so their hit rates differ only by the cache.
 */
public record RequestSequence(String name, int[] questions, long[] offsetsMillis) {
    public RequestSequence {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(questions, "questions");
        Objects.requireNonNull(offsetsMillis, "offsetsMillis");
        if (questions.length != offsetsMillis.length) {
            throw new IllegalArgumentException("a sequence needs one time per request: " + questions.length
                    + " questions, " + offsetsMillis.length + " times");
        }
        for (int i = 1; i < offsetsMillis.length; i++) {
            if (offsetsMillis[i] < offsetsMillis[i - 1]) {
                throw new IllegalArgumentException("request times must not go back: request " + i + " at "
                        + offsetsMillis[i] + " ms follows one at " + offsetsMillis[i - 1] + " ms");
            }
        }
    }

    /**
     * Poisson arrivals and the given popularity, drawn exactly as the load generator draws them
     * ({@code TrafficGenerator}: the gap, then the question, from one {@link Random}), so this is the
     * sequence {@code sluice answers load} sends for the same plan and seed.
     */
    public static RequestSequence poisson(
            String name, Popularity popularity, int count, double perSecond, Random random) {
        ArrivalProcess arrivals = ArrivalProcess.poisson(perSecond);
        int[] questions = new int[count];
        long[] offsets = new long[count];
        long dueNanos = 0;
        for (int i = 0; i < count; i++) {
            dueNanos += arrivals.nextGapNanos(random);
            questions[i] = popularity.next(random);
            offsets[i] = dueNanos / 1_000_000;
        }
        return new RequestSequence(name, questions, offsets);
    }

    /** The same questions in the same order, at {@code timing}'s times: changes when, never what. */
    public RequestSequence withTimingOf(RequestSequence timing, String newName) {
        if (timing.size() != size()) {
            throw new IllegalArgumentException(
                    "timing has " + timing.size() + " requests, this sequence " + size() + "; they must match");
        }
        return new RequestSequence(newName, questions, timing.offsetsMillis);
    }

    /** The first {@code n} requests. */
    public RequestSequence prefix(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("prefix length must be 0.." + size() + ", was " + n);
        }
        return new RequestSequence(name, Arrays.copyOf(questions, n), Arrays.copyOf(offsetsMillis, n));
    }

    public int size() {
        return questions.length;
    }

    /** Time from the start to the last request. */
    public long spanMillis() {
        return size() == 0 ? 0 : offsetsMillis[size() - 1];
    }

    /** How many different questions the sequence asks (each costs at least one database lookup). */
    public int distinct() {
        return (int) Arrays.stream(questions).distinct().count();
    }
}
