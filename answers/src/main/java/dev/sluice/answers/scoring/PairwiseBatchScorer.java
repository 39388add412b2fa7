package dev.sluice.answers.scoring;

import dev.sluice.scoring.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A library {@link Scorer} as a {@link BatchScorer}: loops, fails pairs whose reference has no words
 * (see {@link BatchScorer}), and turns each pair's exception into a failed outcome.
 */
final class PairwiseBatchScorer implements BatchScorer {
    private static final long serialVersionUID = 1L;
    private final Scorer scorer; // Serializable: BatchScorer.pairwise takes nothing else

    PairwiseBatchScorer(Scorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    @Override
    public String name() {
        return scorer.name();
    }

    @Override
    public boolean batches() {
        return false;
    }

    @Override
    public List<Outcome> scoreAll(List<Request> requests) {
        List<Outcome> out = new ArrayList<>(requests.size());
        for (Request r : requests) {
            if (r.referenceHasNoWords()) {
                out.add(Outcome.emptyReference());
                continue;
            }
            try {
                out.add(Outcome.ok(scorer.score(r.reference(), r.candidate()), null));
            } catch (RuntimeException e) {
                // only exceptions: an Error (e.g. an injected test failure) must still fail the task
                out.add(Outcome.failed(e));
            }
        }
        return out;
    }
}
