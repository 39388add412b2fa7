package dev.sluice.answers.dataset;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a loader read: the usable pairs, how many rows it skipped and why (reason → count), so a
 * demo can say "4,387 loaded, 12 skipped: no answer" instead of silently shrinking the dataset.
 */
public record LoadResult(List<QaPair> pairs, int skipped, Map<String, Integer> reasons) {
    public static final String NO_TITLE = "no title";
    public static final String NO_ANSWER = "no answer";
    public static final String MALFORMED = "too few columns";

    public LoadResult {
        pairs = List.copyOf(Objects.requireNonNull(pairs, "pairs"));
        reasons = Map.copyOf(Objects.requireNonNull(reasons, "reasons"));
        int counted = reasons.values().stream().mapToInt(Integer::intValue).sum();
        if (skipped < 0 || counted != skipped) {
            throw new IllegalArgumentException(
                    "skipped (" + skipped + ") must equal the sum of the reasons " + reasons);
        }
    }
}
