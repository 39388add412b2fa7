package dev.sluice.answers.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.answers.scoring.BatchScorer.Outcome;
import dev.sluice.answers.scoring.BatchScorer.Request;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job's composite on the real models (ONNX, from the Maven jars), as the decider calls it. */
class CompositeScorerTest {
    private static final String REFERENCE = "Boil the water for at least one minute to make it safe to drink.";
    private static final CompositeScorer SCORER = CompositeScorer.standard();

    @BeforeAll
    static void load() {
        SCORER.open(1);
    }

    @AfterAll
    static void release() {
        SCORER.close();
    }

    @Test
    void shouldRankIdenticalAboveParaphraseAboveUnrelatedWithinZeroAndOne() {
        List<Outcome> out = SCORER.scoreAll(List.of(
                new Request(REFERENCE, null, REFERENCE),
                new Request(
                        REFERENCE, null, "Bring the water to a rolling boil for a minute, then it is fine to drink."),
                new Request(REFERENCE, null, "Penguins huddle together to keep warm through the polar winter.")));

        assertThat(out).allSatisfy(o -> assertThat(o.score()).isBetween(0.0, 1.0));
        assertThat(out.get(0).score()).isGreaterThan(out.get(1).score());
        assertThat(out.get(1).score())
                .isGreaterThan(ScorerKind.COMPOSITE.defaultThreshold())
                .isGreaterThan(out.get(2).score());
        assertThat(out.get(2).score()).isLessThan(ScorerKind.COMPOSITE.defaultThreshold());
    }

    @Test
    void shouldScoreTheSameWithTheReferenceVectorsFromStateAsWithout() {
        String candidate = "Boiling it for a minute makes water safe.";
        Outcome fresh = SCORER.scoreAll(List.of(new Request(REFERENCE, null, candidate)))
                .get(0);
        assertThat(fresh.reference()).as("vectors to keep").isNotNull();
        assertThat(fresh.reference().vectors()).hasDimensions(2, 384);

        Outcome cached = SCORER.scoreAll(List.of(new Request(REFERENCE, fresh.reference(), candidate)))
                .get(0);

        assertThat(cached.reference()).as("nothing new to keep").isNull();
        assertThat(cached.score()).isCloseTo(fresh.score(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void shouldNotTrustVectorsKeptForAnotherReference() {
        Outcome other = SCORER.scoreAll(List.of(new Request("Something else entirely.", null, "x")))
                .get(0);
        Outcome out = SCORER.scoreAll(List.of(new Request(REFERENCE, other.reference(), REFERENCE)))
                .get(0);

        assertThat(out.score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(out.reference()).as("recomputed").isNotNull();
    }
}
