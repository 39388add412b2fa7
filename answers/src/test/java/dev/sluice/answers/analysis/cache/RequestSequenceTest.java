package dev.sluice.answers.analysis.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.loadgen.Outcome;
import dev.sluice.answers.loadgen.Target;
import dev.sluice.answers.loadgen.TrafficGenerator;
import dev.sluice.answers.loadgen.TrafficPlan;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RequestSequenceTest {
    @Test
    void poissonSequenceShouldBeWhatTheLoadGeneratorSendsForTheSamePlanAndSeed() throws Exception {
        List<QaPair> pairs = SampleDataset.pairs(100, 7);
        // fast enough that the generator never waits long; one outstanding request keeps its order
        TrafficPlan plan = TrafficPlan.questions(2_000, 1_000_000, 99)
                .withPopularity(TrafficPlan.Spread.ZIPF, 1.2)
                .withConcurrency(1);
        List<String> sent = new CopyOnWriteArrayList<>();
        Target recorder = q -> {
            sent.add(q.id());
            return CompletableFuture.completedFuture(Outcome.QUEUED);
        };
        new TrafficGenerator(plan, pairs, recorder, null).run();

        RequestSequence replayed =
                RequestSequence.poisson("z", plan.popularityOver(pairs.size()), 2_000, 1_000_000, new Random(99));
        assertThat(java.util.Arrays.stream(replayed.questions())
                        .mapToObj(i -> pairs.get(i).id())
                        .toList())
                .isEqualTo(sent);
    }

    @Test
    void shouldRefuseTimesThatGoBack() {
        assertThatThrownBy(() -> new RequestSequence("x", new int[] {0, 1}, new long[] {5, 4}))
                .hasMessageContaining("must not go back");
    }
}
