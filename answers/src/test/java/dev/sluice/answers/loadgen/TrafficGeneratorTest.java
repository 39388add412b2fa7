package dev.sluice.answers.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Schedules are checked by computing gaps or in virtual time: nothing here waits for real. */
class TrafficGeneratorTest {
    private static final List<QaPair> PAIRS = SampleDataset.pairs(50, 7);

    @Test
    void poissonGapsShouldAverageOneOverTheRate() {
        ArrivalProcess poisson = ArrivalProcess.poisson(200);
        Random random = new Random(1);
        int n = 200_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double gap = poisson.nextGapNanos(random) / 1e9;
            sum += gap;
            sumSquares += gap * gap;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSquares / n - mean * mean);
        assertThat(mean).isCloseTo(1.0 / 200, org.assertj.core.data.Percentage.withPercentage(1));
        // exponential gaps: the standard deviation equals the mean (a constant process would have 0)
        assertThat(sd).isCloseTo(mean, org.assertj.core.data.Percentage.withPercentage(2));
    }

    @Test
    void constantGapsShouldBeEqual() {
        ArrivalProcess constant = ArrivalProcess.constant(4);
        Random random = new Random(1);
        assertThat(List.of(constant.nextGapNanos(random), constant.nextGapNanos(random)))
                .containsOnly(250_000_000L);
    }

    @Test
    void burstsShouldSendBQuestionsAtOnceEveryPeriod() {
        ArrivalProcess bursts = ArrivalProcess.bursts(3, Duration.ofSeconds(2));
        Random random = new Random(1);
        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            gaps.add(bursts.nextGapNanos(random));
        }
        long t = 2_000_000_000L;
        assertThat(gaps).containsExactly(0L, 0L, 0L, t, 0L, 0L, t);
    }

    @Test
    void zipfShouldMakeTheFirstQuestionTheMostAskedAndFallWithRank() {
        Popularity zipf = Popularity.zipf(100, 1.0);
        Random random = new Random(3);
        int[] counts = new int[100];
        for (int i = 0; i < 100_000; i++) {
            counts[zipf.next(random)]++;
        }
        for (int i = 1; i < 100; i++) {
            assertThat(counts[0]).as("item 0 vs item %d", i).isGreaterThan(counts[i]);
        }
        // P(rank 1) = 1/H(100) ~ 0.193; rank 2 half of that
        assertThat(counts[0] / 100_000.0).isCloseTo(0.193, org.assertj.core.data.Offset.offset(0.01));
        assertThat((double) counts[1] / counts[0]).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void uniformShouldSpreadEvenly() {
        Popularity uniform = Popularity.uniform(10);
        Random random = new Random(3);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) {
            counts[uniform.next(random)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
    }

    @Test
    void shouldStopAtTheQuestionBoundAndCountOutcomes() throws Exception {
        List<QaPair> sent = new CopyOnWriteArrayList<>();
        Target target = q -> {
            sent.add(q);
            return CompletableFuture.completedFuture(sent.size() % 2 == 0 ? Outcome.ANSWERED : Outcome.QUEUED);
        };
        List<TrafficProgress> progress = new ArrayList<>();
        TrafficPlan plan = TrafficPlan.questions(25, 100, 42);
        TrafficResult result = new TrafficGenerator(plan, PAIRS, target, progress::add, new VirtualTime()).run();
        assertThat(result.sent()).isEqualTo(25);
        assertThat(sent).hasSize(25);
        assertThat(result.queued() + result.answered()).isEqualTo(25);
        assertThat(result.failed()).isZero();
        assertThat(progress).last().satisfies(p -> {
            assertThat(p.sent()).isEqualTo(25);
            assertThat(p.completed()).isEqualTo(25);
            assertThat(p.planned()).isEqualTo(25);
        });
    }

    @Test
    void shouldStopAtTheDurationBoundInVirtualTime() throws Exception {
        List<QaPair> sent = new CopyOnWriteArrayList<>();
        Target target = q -> {
            sent.add(q);
            return CompletableFuture.completedFuture(Outcome.QUEUED);
        };
        TrafficPlan plan = TrafficPlan.questions(1, 10, 1)
                .withArrival(TrafficPlan.Arrival.CONSTANT, 0)
                .withBounds(0, Duration.ofSeconds(3));
        VirtualTime time = new VirtualTime();
        TrafficResult result = new TrafficGenerator(plan, PAIRS, target, p -> {}, time).run();
        // due at 0.1 s, 0.2 s ... 2.9 s; 3.0 s is the bound itself
        assertThat(result.sent()).isEqualTo(29);
        assertThat(result.elapsed()).isEqualTo(Duration.ofMillis(2_900));
        assertThat(result.maxLag()).isZero();
    }

    @Test
    void theSameSeedShouldSendTheSameQuestionsInTheSameOrder() throws Exception {
        assertThat(idsSent(11)).isEqualTo(idsSent(11)).isNotEqualTo(idsSent(12));
    }

    @Test
    void aFailedOrThrowingSendShouldCountAsFailedAndFreeItsSlot() throws Exception {
        Target target = q -> {
            if (q.id().hashCode() % 2 == 0) {
                throw new IllegalStateException("producer closed");
            }
            return CompletableFuture.failedFuture(new RuntimeException("connection refused"));
        };
        TrafficPlan plan = TrafficPlan.questions(40, 1000, 5).withConcurrency(1);
        TrafficResult result = new TrafficGenerator(plan, PAIRS, target, null, new VirtualTime()).run();
        assertThat(result.failed()).isEqualTo(40);
    }

    @Test
    void planShouldRefuseARunWithoutABound() {
        assertThatThrownBy(() -> TrafficPlan.questions(0, 10, 1)).hasMessageContaining("needs a bound");
        assertThatThrownBy(() -> TrafficPlan.questions(10, 0, 1)).hasMessageContaining("rate");
        assertThatThrownBy(() -> TrafficPlan.parseArrival("sometimes"))
                .hasMessageContaining("poisson, constant, burst");
    }

    private static List<String> idsSent(long seed) throws InterruptedException {
        List<String> ids = new CopyOnWriteArrayList<>();
        Target target = q -> {
            ids.add(q.id());
            return CompletableFuture.completedFuture(Outcome.QUEUED);
        };
        new TrafficGenerator(TrafficPlan.questions(30, 50, seed), PAIRS, target, null, new VirtualTime()).run();
        return ids;
    }

    /** Time that jumps to whatever moment the generator waits for. */
    private static final class VirtualTime implements Pacer {
        private long now = 1_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkUntil(long deadlineNanos) {
            now = Math.max(now, deadlineNanos);
        }
    }
}
