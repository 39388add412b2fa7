package dev.sluice.answers.analysis.cache;

import dev.sluice.answers.loadgen.Popularity;
import java.time.Duration;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Bursty question traffic: a two-state Markov-modulated Poisson process (MMPP-2) whose bursts ask
 * about something new. The process alternates between calm and burst periods of exponential length
 * (mean {@code meanBurst} for a burst, and a calm mean chosen so bursts take {@code burstTimeShare}
 * of the time); within each, arrivals are Poisson, {@code burstFactor} times faster in a burst, and
 * the two rates are set so the long-run mean is {@code meanRate}, the same as the Poisson traffic it
 * is compared with. At the start of each burst a new hot set of {@code hotSetSize} questions is
 * drawn uniformly from all of them; during the burst a share {@code hotShare} of requests asks one
 * of those, the rest follow the base popularity.
 *
 * <p>Why this model: an MMPP is the standard small model of bursty request traffic (Poisson within
 * a state, so the only changes are the rate and what is asked); on a Q&A site a burst is a topic
 * suddenly in the news, so it brings questions that were not popular before and stop being asked
 * when it ends: the hot set shifts. More of the same popularity, faster, would change only the
 * timing, and timing alone does not move an LRU, LFU or FIFO hit rate (only TTL sees it; the
 * experiment's timing-only control shows that).
 */
public record BurstyTraffic(
        double meanRate,
        double burstFactor,
        double burstTimeShare,
        Duration meanBurst,
        int hotSetSize,
        double hotShare) {

    /** The experiment's setting: 5x rate, 20% of the time in bursts of 1 minute, 20 hot questions take half a burst. */
    public static BurstyTraffic standard(double meanRate) {
        return new BurstyTraffic(meanRate, 5, 0.2, Duration.ofMinutes(1), 20, 0.5);
    }

    public BurstyTraffic {
        if (!(meanRate > 0) || Double.isInfinite(meanRate)) {
            throw new IllegalArgumentException("meanRate: must be a positive number of requests/s, was " + meanRate);
        }
        if (!(burstFactor >= 1) || Double.isInfinite(burstFactor)) {
            throw new IllegalArgumentException(
                    "burstFactor: the burst's rate over the calm rate, >= 1, was " + burstFactor);
        }
        if (!(burstTimeShare > 0 && burstTimeShare < 1)) {
            throw new IllegalArgumentException(
                    "burstTimeShare: share of time in bursts, in (0, 1), was " + burstTimeShare);
        }
        Objects.requireNonNull(meanBurst, "meanBurst");
        if (meanBurst.isNegative() || meanBurst.isZero()) {
            throw new IllegalArgumentException("meanBurst: must be a positive duration, e.g. 60s, was " + meanBurst);
        }
        if (hotSetSize < 1) {
            throw new IllegalArgumentException("hotSetSize: at least 1 question, was " + hotSetSize);
        }
        if (!(hotShare >= 0 && hotShare <= 1)) {
            throw new IllegalArgumentException(
                    "hotShare: share of a burst's requests for its hot set, in [0, 1], was " + hotShare);
        }
    }

    /** Calm-period arrival rate (requests/s) that, with the bursts, gives {@link #meanRate}. */
    public double calmRate() {
        return meanRate / (1 - burstTimeShare + burstTimeShare * burstFactor);
    }

    public double burstRate() {
        return calmRate() * burstFactor;
    }

    /** Share of all requests that arrive during bursts. */
    public double burstRequestShare() {
        return burstTimeShare * burstFactor / (1 - burstTimeShare + burstTimeShare * burstFactor);
    }

    double meanCalmSeconds() {
        return meanBurst.toMillis() / 1000.0 * (1 - burstTimeShare) / burstTimeShare;
    }

    /** A generated sequence and which of its requests arrived during a burst. */
    public record Generated(RequestSequence requests, BitSet inBurst) {}

    /**
     * {@code count} requests over {@code universe} questions, all draws from {@code random}. The
     * process starts calm (a fresh start of the service, not the middle of a burst).
     */
    public Generated generate(String name, Popularity base, int universe, int count, Random random) {
        Objects.requireNonNull(base, "base");
        if (hotSetSize > universe) {
            throw new IllegalArgumentException(
                    "hotSetSize " + hotSetSize + " is larger than the " + universe + " questions to draw from");
        }
        int[] questions = new int[count];
        long[] offsets = new long[count];
        BitSet inBurst = new BitSet(count);
        double meanBurstSeconds = meanBurst.toMillis() / 1000.0;
        double now = 0;
        boolean burst = false;
        double stateEnd = exponential(random, meanCalmSeconds());
        int[] hot = new int[0];
        for (int i = 0; i < count; i++) {
            while (true) {
                double next = now + exponential(random, 1 / (burst ? burstRate() : calmRate()));
                if (next < stateEnd) {
                    now = next;
                    break;
                }
                // memoryless: at the switch, the next gap is drawn afresh at the new state's rate
                now = stateEnd;
                burst = !burst;
                stateEnd = now + exponential(random, burst ? meanBurstSeconds : meanCalmSeconds());
                if (burst) {
                    hot = hotSet(random, universe);
                }
            }
            if (burst) {
                inBurst.set(i);
            }
            questions[i] =
                    burst && random.nextDouble() < hotShare ? hot[random.nextInt(hot.length)] : base.next(random);
            offsets[i] = (long) (now * 1000);
        }
        return new Generated(new RequestSequence(name, questions, offsets), inBurst);
    }

    private int[] hotSet(Random random, int universe) {
        Set<Integer> picked = new LinkedHashSet<>();
        while (picked.size() < hotSetSize) {
            picked.add(random.nextInt(universe));
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double exponential(Random random, double mean) {
        return -Math.log(1.0 - random.nextDouble()) * mean; // 1 - U is in (0, 1]: finite
    }
}
