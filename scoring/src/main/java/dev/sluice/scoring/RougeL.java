package dev.sluice.scoring;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ROUGE-L F1 (beta = 1, as in Google's rouge-score): longest common subsequence of normalised
 * tokens. Rewards word order that token F1 ignores. Krishna et al. (2021) show it says little
 * about long answers, so it is weighted by fitting, not trusted alone. The DP keeps two rows,
 * so memory stays linear even for very long answers; time is |ref| x |cand|. Serializable (it has
 * no state), like {@link TokenF1}, so a Flink job can ship it.
 */
public final class RougeL implements Scorer, Serializable {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "rouge_l";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(String reference, String candidate) {
        List<String> ref = Tokens.normalise(reference);
        List<String> cand = Tokens.normalise(candidate);
        if (ref.isEmpty() || cand.isEmpty()) {
            return ref.isEmpty() && cand.isEmpty() ? 1.0 : 0.0;
        }
        Map<String, Integer> dict = new HashMap<>();
        int lcs = lcs(ids(ref, dict), ids(cand, dict));
        if (lcs == 0) {
            return 0.0;
        }
        double precision = (double) lcs / cand.size();
        double recall = (double) lcs / ref.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** Ints compare faster than strings inside the quadratic loop. */
    private static int[] ids(List<String> tokens, Map<String, Integer> dict) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dict.computeIfAbsent(tokens.get(i), k -> dict.size());
        }
        return out;
    }

    static int lcs(int[] a, int[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }
}
