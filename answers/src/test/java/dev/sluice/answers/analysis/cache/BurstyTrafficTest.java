package dev.sluice.answers.analysis.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.sluice.answers.loadgen.Popularity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bursty model's properties, on sequences long enough to hold hundreds of bursts. */
class BurstyTrafficTest {
    private static final int UNIVERSE = 100_000;
    // bursts of 2 s (calm 8 s) so 200k requests at 50/s hold about 400 of them
    private static final BurstyTraffic MODEL = new BurstyTraffic(50, 5, 0.2, Duration.ofSeconds(2), 20, 0.5);
    private static final BurstyTraffic.Generated RUN =
            MODEL.generate("b", Popularity.uniform(UNIVERSE), UNIVERSE, 200_000, new Random(11));

    @Test
    void shouldKeepTheMeanRateOfThePoissonTrafficItIsComparedWith() {
        RequestSequence s = RUN.requests();
        assertThat(s.size() / (s.spanMillis() / 1000.0)).isCloseTo(50, offset(2.5));
    }

    @Test
    void shouldBringTheBurstsShareOfRequests() {
        // 20% of the time at 5x the calm rate: 1.0 / 1.8 of the requests
        assertThat(MODEL.burstRequestShare()).isCloseTo(0.5556, offset(0.001));
        assertThat((double) RUN.inBurst().cardinality() / RUN.requests().size())
                .isCloseTo(MODEL.burstRequestShare(), offset(0.03));
    }

    @Test
    void countsPerSecondShouldBeOverdispersedWherePoissonsAreNot() {
        RequestSequence poisson =
                RequestSequence.poisson("p", Popularity.uniform(UNIVERSE), 200_000, 50, new Random(11));
        assertThat(dispersion(poisson)).isBetween(0.9, 1.1);
        assertThat(dispersion(RUN.requests())).isGreaterThan(3);
    }

    @Test
    void eachBurstShouldAskANewHotSetAboutHalfTheTime() {
        List<int[]> bursts = bursts(RUN.inBurst());
        assertThat(bursts).hasSizeGreaterThan(200);
        int[] questions = RUN.requests().questions();
        double hotShareSum = 0;
        int measured = 0;
        int shared = 0;
        int oversized = 0;
        Set<Integer> previousHot = Set.of();
        for (int[] b : bursts) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (int i = b[0]; i < b[1]; i++) {
                counts.merge(questions[i], 1, Integer::sum);
            }
            // with a uniform base over 100,000 questions, a question asked 3+ times in one burst is a hot one
            Set<Integer> hot = new HashSet<>();
            int hotRequests = 0;
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                if (e.getValue() >= 3) {
                    hot.add(e.getKey());
                    hotRequests += e.getValue();
                }
            }
            int size = b[1] - b[0];
            if (size >= 100) {
                oversized += hot.size() > MODEL.hotSetSize() ? 1 : 0;
                hotShareSum += (double) hotRequests / size;
                measured++;
            }
            Set<Integer> overlap = new HashSet<>(hot);
            overlap.retainAll(previousHot);
            shared += overlap.size();
            previousHot = hot;
        }
        // two bursts read as one run only when the calm period between them had no request (rare)
        assertThat(oversized)
                .as("runs with more hot questions than one hot set")
                .isLessThan(bursts.size() / 50);
        assertThat(hotShareSum / measured).isCloseTo(MODEL.hotShare(), offset(0.05));
        assertThat(shared)
                .as("hot questions carried over from one burst to the next")
                .isLessThan(bursts.size() / 5);
    }

    @Test
    void theSameSeedShouldGiveTheSameSequence() {
        RequestSequence again = MODEL.generate("b", Popularity.uniform(UNIVERSE), UNIVERSE, 200_000, new Random(11))
                .requests();
        assertThat(again.questions()).isEqualTo(RUN.requests().questions());
        assertThat(again.offsetsMillis()).isEqualTo(RUN.requests().offsetsMillis());
    }

    @Test
    void shouldRefuseAHotSetLargerThanTheQuestions() {
        assertThatThrownBy(() -> MODEL.generate("b", Popularity.uniform(10), 10, 5, new Random(1)))
                .hasMessageContaining("hotSetSize 20 is larger than the 10 questions");
        assertThatThrownBy(() -> new BurstyTraffic(50, 5, 1.0, Duration.ofSeconds(1), 20, 0.5))
                .hasMessageContaining("burstTimeShare");
    }

    /** Variance over mean of the request counts per whole second (1 for Poisson). */
    private static double dispersion(RequestSequence s) {
        int seconds = (int) (s.spanMillis() / 1000);
        long[] counts = new long[seconds];
        for (long t : s.offsetsMillis()) {
            if (t / 1000 < seconds) {
                counts[(int) (t / 1000)]++;
            }
        }
        double mean = java.util.Arrays.stream(counts).average().orElseThrow();
        double var = java.util.Arrays.stream(counts)
                        .mapToDouble(c -> (c - mean) * (c - mean))
                        .sum()
                / seconds;
        return var / mean;
    }

    /** Maximal runs of requests in a burst, as [from, to). */
    private static List<int[]> bursts(BitSet inBurst) {
        List<int[]> runs = new ArrayList<>();
        int from = inBurst.nextSetBit(0);
        while (from >= 0) {
            int to = inBurst.nextClearBit(from);
            runs.add(new int[] {from, to});
            from = inBurst.nextSetBit(to);
        }
        return runs;
    }
}
