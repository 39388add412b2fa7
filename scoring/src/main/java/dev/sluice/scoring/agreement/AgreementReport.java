package dev.sluice.scoring.agreement;

import dev.sluice.scoring.CompositeConfig;
import dev.sluice.scoring.MonotoneCurve;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Correlations of every metric and the composite with SICK's human relatedness.
 *
 * @param rows one per metric, composite last
 * @param weights composite weights chosen on TRAIN+TRIAL
 * @param method how the composite was fitted, for the report; null if not known
 */
public record AgreementReport(List<Row> rows, Map<String, Double> weights, int fitPairs, int testPairs, Method method) {

    public record Row(String metric, double spearmanTest, double pearsonTest, double spearmanFit) {}

    /**
     * @param config the fitted composite (weights and curves)
     * @param segments segments per metric curve, chosen by cross-validation
     * @param crossValidation mean held-out Spearman on TRAIN+TRIAL per segment count tried
     * @param weightedMean best plain weighted mean of raw scores on TRAIN+TRIAL (the previous method)
     * @param weightedMeanSpearmanTest that weighted mean's Spearman on TEST, for comparison
     * @param isDefault whether {@code config} equals {@code StandardMetrics.DEFAULT_CONFIG}
     */
    public record Method(
            CompositeConfig config,
            int segments,
            Map<Integer, Double> crossValidation,
            Map<String, Double> weightedMean,
            double weightedMeanSpearmanTest,
            boolean isDefault) {}

    public AgreementReport(List<Row> rows, Map<String, Double> weights, int fitPairs, int testPairs) {
        this(rows, weights, fitPairs, testPairs, null);
    }

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
        sb.append(String.format(
                Locale.ROOT,
                "Composite fitted on %d TRAIN+TRIAL pairs, correlations on %d TEST pairs.%n%n",
                fitPairs,
                testPairs));
        sb.append("| metric | weight | Spearman (TEST) | Pearson (TEST) | Spearman (TRAIN+TRIAL) |\n");
        sb.append("|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            String w =
                    weights.containsKey(r.metric()) ? String.format(Locale.ROOT, "%.3f", weights.get(r.metric())) : "—";
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.4f | %.4f | %.4f |%n",
                    r.metric(),
                    w,
                    r.spearmanTest(),
                    r.pearsonTest(),
                    r.spearmanFit()));
        }
        if (method != null) {
            appendMethod(sb);
        }
        sb.append(String.format(
                Locale.ROOT,
                "%nTargets (composite Spearman on TEST >= 0.80 and above every metric): %s%n",
                targetsMet() ? "met" : "NOT met"));
        return sb.toString();
    }

    private void appendMethod(StringBuilder sb) {
        sb.append(
                "\nCurves of the weighted metrics (metric score → its share of the composite, linear in between):\n\n");
        sb.append("| metric | knots (score → share) |\n|---|---|\n");
        method.config()
                .curves()
                .forEach((metric, curve) -> sb.append("| ")
                        .append(metric)
                        .append(" | ")
                        .append(knots(curve))
                        .append(" |\n"));
        StringJoiner cv = new StringJoiner(", ");
        method.crossValidation().forEach((k, rho) -> cv.add(String.format(Locale.ROOT, "%d: %.4f", k, rho)));
        sb.append(String.format(
                Locale.ROOT,
                "%nSegments per curve: %d, chosen by 10-fold cross-validation on TRAIN+TRIAL "
                        + "(mean held-out Spearman by segment count: %s).%n",
                method.segments(),
                cv));
        StringJoiner wm = new StringJoiner(", ");
        method.weightedMean().forEach((k, w) -> {
            if (w > 0) {
                wm.add(String.format(Locale.ROOT, "%s %.2f", k, w));
            }
        });
        sb.append(String.format(
                Locale.ROOT,
                "For comparison, the best plain weighted mean of raw scores on TRAIN+TRIAL "
                        + "(grid step 0.05, maximising Spearman: %s) has Spearman %.4f on TEST.%n",
                wm,
                method.weightedMeanSpearmanTest()));
        sb.append(String.format(
                Locale.ROOT,
                "This fit equals `StandardMetrics.DEFAULT_CONFIG`: %s.%n",
                method.isDefault() ? "yes" : "no (copy the weights and curves above into it)"));
    }

    private static String knots(MonotoneCurve c) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < c.x().size(); i++) {
            j.add(String.format(Locale.ROOT, "%s → %s", trim(c.x().get(i)), trim(c.y().get(i))));
        }
        return j.toString();
    }

    private static String trim(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
