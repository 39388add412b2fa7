package dev.sluice.scoring.agreement;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Correlations of every metric and the composite with SICK's human relatedness.
 *
 * @param rows one per metric, composite last
 * @param weights composite weights chosen on TRAIN+TRIAL
 */
public record AgreementReport(List<Row> rows, Map<String, Double> weights, int fitPairs, int testPairs) {

    public record Row(String metric, double spearmanTest, double pearsonTest, double spearmanFit) {}

    public AgreementReport {
        rows = List.copyOf(rows);
        weights = Map.copyOf(weights);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("an agreement report needs at least the composite row");
        }
    }

    public Row composite() {
        return rows.get(rows.size() - 1);
    }

    /** The targets: composite Spearman on TEST >= 0.80 and above every single metric's. */
    public boolean targetsMet() {
        double c = composite().spearmanTest();
        return c >= 0.80 && rows.subList(0, rows.size() - 1).stream().allMatch(r -> r.spearmanTest() < c);
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Weights fitted on %d TRAIN+TRIAL pairs, correlations on %d TEST pairs.%n%n",
                fitPairs, testPairs));
        sb.append("| metric | weight | Spearman (TEST) | Pearson (TEST) | Spearman (TRAIN+TRIAL) |\n");
        sb.append("|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            String w = weights.containsKey(r.metric())
                    ? String.format(Locale.ROOT, "%.2f", weights.get(r.metric())) : "—";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %.4f |%n",
                    r.metric(), w, r.spearmanTest(), r.pearsonTest(), r.spearmanFit()));
        }
        sb.append(String.format(Locale.ROOT, "%nTargets (composite Spearman on TEST >= 0.80 and above every metric): %s%n",
                targetsMet() ? "met" : "NOT met"));
        return sb.toString();
    }
}
