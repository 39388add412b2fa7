package dev.sluice.answers.simulator;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Token F1 on lowercased word tokens: the test's yardstick for "closer to the reference". */
final class TokenF1 {
    private TokenF1() {}

    static double score(String answer, String reference) {
        Map<String, Integer> a = counts(answer);
        Map<String, Integer> r = counts(reference);
        int ta = a.values().stream().mapToInt(Integer::intValue).sum();
        int tr = r.values().stream().mapToInt(Integer::intValue).sum();
        if (ta == 0 || tr == 0) {
            return 0;
        }
        int overlap = 0;
        for (Map.Entry<String, Integer> e : a.entrySet()) {
            overlap += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
        }
        if (overlap == 0) {
            return 0;
        }
        double p = (double) overlap / ta;
        double rec = (double) overlap / tr;
        return 2 * p * rec / (p + rec);
    }

    private static Map<String, Integer> counts(String text) {
        Map<String, Integer> m = new HashMap<>();
        for (String t : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!t.isEmpty()) {
                m.merge(t, 1, Integer::sum);
            }
        }
        return m;
    }
}
