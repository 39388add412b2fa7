package dev.sluice.scoring.agreement;

import dev.sluice.scoring.CompositeConfig;
import dev.sluice.scoring.Pair;
import dev.sluice.scoring.Scorer;
import dev.sluice.scoring.StandardMetrics;
import dev.sluice.scoring.embed.SentenceEncoders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice score agreement}: how well each metric and the composite agree with people on SICK.
 * Every metric scores all pairs (sentence_A as reference, sentence_B as candidate); the composite's
 * weights and curves are fitted on TRAIN+TRIAL only ({@link CurveFit}), then every correlation is
 * reported on TEST. The report says whether the fit equals {@link StandardMetrics#DEFAULT_CONFIG},
 * which is where the fitted numbers are copied to.
 */
public final class SickAgreement {

    public static final String SECTION = "sick-agreement";
    /** Grid resolution of the plain weighted mean the report compares with; see {@link WeightFit}. */
    public static final double GRID_STEP = 0.05;

    private SickAgreement() {}

    /** For running without the CLI: {@code SickAgreement <SICK.txt> <docs/scoring.md>}. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: SickAgreement <path to SICK.txt> <markdown file to write>");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), Path.of(args[1]), System.out));
    }

    /**
     * Runs the whole evaluation with the real model and writes the table into {@code outMarkdown}
     * (between marker comments, prose around them kept).
     *
     * @return 0 when the targets are met, 1 when they are not, 2 when the input cannot be read
     */
    public static int run(Path sick, Path outMarkdown, PrintStream out) {
        List<SickPair> pairs;
        try {
            pairs = SickData.read(sick);
        } catch (IOException e) {
            out.println("cannot read SICK from " + sick + ": " + e.getMessage());
            return 2;
        }
        try (SentenceEncoders models = SentenceEncoders.load()) {
            AgreementReport report = evaluate(pairs, StandardMetrics.all(models), out);
            String table = report.toMarkdown();
            out.println(table);
            MarkdownSection.write(outMarkdown, SECTION, table);
            out.println("written to " + outMarkdown);
            return report.targetsMet() ? 0 : 1;
        } catch (IOException e) {
            out.println("cannot write " + outMarkdown + ": " + e.getMessage());
            return 2;
        }
    }

    public static AgreementReport evaluate(List<SickPair> pairs, List<Scorer> metrics, PrintStream out) {
        List<Pair> asPairs = new ArrayList<>();
        for (SickPair p : pairs) {
            asPairs.add(new Pair(p.sentenceA(), p.sentenceB()));
        }
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (Scorer m : metrics) {
            long start = System.nanoTime();
            scores.put(m.name(), m.scoreAll(asPairs));
            out.printf(
                    "scored %d pairs with %s in %d ms%n",
                    pairs.size(), m.name(), (System.nanoTime() - start) / 1_000_000);
        }
        double[] human = pairs.stream().mapToDouble(SickPair::relatedness).toArray();
        boolean[] fitting = new boolean[pairs.size()];
        for (int i = 0; i < fitting.length; i++) {
            fitting[i] = pairs.get(i).isFitting();
        }
        Map<String, double[]> fitScores = new LinkedHashMap<>();
        scores.forEach((k, v) -> fitScores.put(k, select(v, fitting, true)));
        double[] humanFit = select(human, fitting, true);
        double[] humanTest = select(human, fitting, false);

        long start = System.nanoTime();
        CurveFit.Result fit = CurveFit.crossValidated(fitScores, humanFit);
        CompositeConfig config =
                new CompositeConfig(fit.weights(), StandardMetrics.DEFAULT_CONFIG.threshold(), fit.curves());
        double[] composite = config.combine(scores, pairs.size());
        // the previous method, a plain weighted mean of raw scores, kept in the report for comparison
        WeightFit.Result linear = WeightFit.fit(fitScores, humanFit, GRID_STEP);
        double[] weightedMean = new double[pairs.size()];
        linear.weights().forEach((k, w) -> {
            double[] col = scores.get(k);
            for (int i = 0; i < weightedMean.length; i++) {
                weightedMean[i] += w * col[i];
            }
        });
        out.printf("fitted the composite in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        scores.put("composite", composite);

        List<AgreementReport.Row> rows = new ArrayList<>();
        scores.forEach((k, v) -> rows.add(new AgreementReport.Row(
                k,
                Agreement.spearman(select(v, fitting, false), humanTest),
                Agreement.pearson(select(v, fitting, false), humanTest),
                Agreement.spearman(select(v, fitting, true), humanFit))));
        AgreementReport.Method method = new AgreementReport.Method(
                config,
                fit.segments(),
                fit.crossValidation(),
                linear.weights(),
                Agreement.spearman(select(weightedMean, fitting, false), humanTest),
                config.equals(StandardMetrics.DEFAULT_CONFIG));
        return new AgreementReport(rows, fit.weights(), humanFit.length, humanTest.length, method);
    }

    private static double[] select(double[] v, boolean[] fitting, boolean wantFitting) {
        int n = 0;
        for (boolean f : fitting) {
            n += f == wantFitting ? 1 : 0;
        }
        double[] out = new double[n];
        int j = 0;
        for (int i = 0; i < v.length; i++) {
            if (fitting[i] == wantFitting) {
                out[j++] = v[i];
            }
        }
        return out;
    }
}
