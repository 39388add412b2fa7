package dev.sluice.answers.analysis;

import dev.sluice.answers.analysis.ThresholdExperiment.Pool;
import dev.sluice.answers.analysis.ThresholdExperiment.Scores;
import dev.sluice.answers.analysis.threshold.BinaryCurves;
import dev.sluice.answers.analysis.threshold.ThresholdCharts;
import dev.sluice.answers.dataset.LoadResult;
import dev.sluice.answers.scoring.ScoringJobSettings;
import dev.sluice.answers.simulator.QualityModel;
import dev.sluice.answers.simulator.SimulatorSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the threshold experiment's scores into its charts, tables and the paragraph that answers the question. */
final class ThresholdReport {
    private ThresholdReport() {}

    /** The best threshold on the 0.01 grid by some measure, and that measure's value there. */
    record Best(double threshold, double value) {}

    static Best best(BinaryCurves c, java.util.function.BiFunction<BinaryCurves, Double, Double> measure) {
        Best best = new Best(Double.NaN, Double.NEGATIVE_INFINITY);
        for (int t = 1; t <= 99; t++) {
            double v = measure.apply(c, t / 100.0);
            if (v > best.value() + 1e-12) {
                best = new Best(t / 100.0, v);
            }
        }
        return best;
    }

    /** Pass probability of the default-quality simulator's answer at an attempt, from the per-kind pass rates. */
    static double passAt(int attempt, Map<QualityModel.Kind, Double> passByKind) {
        QualityModel q = QualityModel.DEFAULT;
        double near = q.near(attempt);
        double partialShare = q.partialFirst() / (1 - q.nearFirst());
        double partial = (1 - near) * partialShare;
        double off = 1 - near - partial;
        return near * passByKind.get(QualityModel.Kind.NEAR)
                + partial * passByKind.get(QualityModel.Kind.PARTIAL)
                + off * passByKind.get(QualityModel.Kind.OFF_TOPIC);
    }

    /** {first-attempt regeneration share, expected LLM calls per question, share never passing} for N attempts. */
    static double[] loop(double threshold, Map<String, double[]> pipeline, int maxAttempts) {
        Map<QualityModel.Kind, Double> pass = new LinkedHashMap<>();
        for (QualityModel.Kind k : QualityModel.Kind.values()) {
            pass.put(k, BinaryCurves.passRate(pipeline.get(Scores.simulated(k)), threshold));
        }
        double stillFailing = 1;
        double calls = 0;
        for (int a = 1; a <= maxAttempts; a++) {
            calls += stillFailing;
            stillFailing *= 1 - passAt(a, pass);
        }
        return new double[] {1 - passAt(1, pass), calls, stillFailing};
    }

    static Section write(
            ExperimentContext ctx,
            Path file,
            LoadResult loaded,
            Pool pool,
            Scores s,
            double threshold,
            double seconds,
            double modelSeconds,
            long embedded)
            throws IOException {
        List<Path> files = new ArrayList<>();
        files.addAll(ThresholdCharts.distribution(
                ctx.dir(),
                "threshold-distribution-halves",
                "Composite score: 1st half of a best answer vs 2nd halves",
                s.split(),
                threshold));
        files.addAll(ThresholdCharts.distribution(
                ctx.dir(),
                "threshold-distribution-answers",
                "Composite score against the whole best answer (the pipeline's scale)",
                s.pipeline(),
                threshold));
        files.addAll(ThresholdCharts.roc(ctx.dir(), "threshold-roc", s.curves(), threshold));
        files.addAll(ThresholdCharts.precisionRecall(ctx.dir(), "threshold-pr", s.curves(), threshold));
        Map<String, double[]> all = new LinkedHashMap<>(s.split());
        all.putAll(s.pipeline());
        files.addAll(ThresholdCharts.passRates(ctx.dir(), "threshold-pass-rate", all, threshold));

        BinaryCurves hard = s.curves().get("vs hard negative");
        BinaryCurves easy = s.curves().get("vs easy negative");
        Best jHard = best(hard, BinaryCurves::youden);
        Best f1Hard = best(hard, BinaryCurves::f1);
        Best jEasy = best(easy, BinaryCurves::youden);

        Table separation = new Table(
                "positive vs",
                "ROC AUC",
                "average precision",
                "positives passing at " + fmt2(threshold),
                "negatives passing at " + fmt2(threshold),
                "Youden's J at " + fmt2(threshold),
                "threshold with best J (J)",
                "threshold with best F1 (F1)");
        for (Map.Entry<String, BinaryCurves> c : s.curves().entrySet()) {
            BinaryCurves.Point at = c.getValue().at(threshold);
            Best j = best(c.getValue(), BinaryCurves::youden);
            Best f = best(c.getValue(), BinaryCurves::f1);
            separation.add(
                    c.getKey(),
                    c.getValue().auc(),
                    c.getValue().averagePrecision(),
                    pct(at.tpr()),
                    pct(at.fpr()),
                    at.tpr() - at.fpr(),
                    String.format(Locale.ROOT, "%.2f (%.3f)", j.threshold(), j.value()),
                    String.format(Locale.ROOT, "%.2f (%.3f)", f.threshold(), f.value()));
        }
        Path separationCsv = separation.writeCsv(ctx.file("threshold-separation.csv"));
        files.add(separationCsv);

        List<Double> grid = new ArrayList<>();
        for (int t = 30; t <= 70; t += 5) {
            grid.add(t / 100.0);
        }
        for (double extra : new double[] {threshold, jHard.threshold(), f1Hard.threshold()}) {
            if (grid.stream().noneMatch(g -> Math.abs(g - extra) < 1e-9)) {
                grid.add(extra);
            }
        }
        grid.sort(Double::compare);
        List<String> cols = new ArrayList<>(List.of("threshold"));
        cols.addAll(all.keySet());
        Table rates = new Table(cols.toArray(String[]::new));
        for (double t : grid) {
            Object[] row = new Object[cols.size()];
            row[0] = Math.abs(t - threshold) < 1e-9 ? "**" + fmt2(t) + " (current)**" : fmt2(t);
            int k = 1;
            for (double[] scores : all.values()) {
                row[k++] = pct(BinaryCurves.passRate(scores, t));
            }
            rates.add(row);
        }
        files.add(rates.writeCsv(ctx.file("threshold-pass-rates-table.csv")));

        int maxAttempts = ScoringJobSettings.DEFAULT_MAX_ATTEMPTS;
        Table loopTable = new Table(
                "threshold",
                "regenerated after the 1st answer",
                "LLM calls per question (at most " + maxAttempts + ")",
                "ending unpassed (best of " + maxAttempts + " kept)");
        for (double t : grid) {
            double[] l = loop(t, s.pipeline(), maxAttempts);
            loopTable.add(
                    Math.abs(t - threshold) < 1e-9 ? "**" + fmt2(t) + " (current)**" : fmt2(t),
                    pct(l[0]),
                    l[1],
                    pct(l[2]));
        }
        files.add(loopTable.writeCsv(ctx.file("threshold-regeneration.csv")));

        double[] now = loop(threshold, s.pipeline(), maxAttempts);
        double nearPass = BinaryCurves.passRate(s.pipeline().get(Scores.simulated(QualityModel.Kind.NEAR)), threshold);
        double partialPass =
                BinaryCurves.passRate(s.pipeline().get(Scores.simulated(QualityModel.Kind.PARTIAL)), threshold);
        double offPass =
                BinaryCurves.passRate(s.pipeline().get(Scores.simulated(QualityModel.Kind.OFF_TOPIC)), threshold);
        double wholeHardPass = BinaryCurves.passRate(s.pipeline().get(Scores.WHOLE_HARD), threshold);
        double wholeEasyPass = BinaryCurves.passRate(s.pipeline().get(Scores.WHOLE_EASY), threshold);
        BinaryCurves.Point atHard = hard.at(threshold);
        BinaryCurves.Point atEasy = easy.at(threshold);
        BinaryCurves.Point atJ = hard.at(jHard.threshold());

        StringBuilder md = new StringBuilder();
        md.append("**Question.** How was the pass threshold (")
                .append(fmt2(threshold))
                .append(
                        ", the composite's default) chosen, how well does it separate right answers from wrong ones, and"
                                + " what share of questions will a typical LLM answer set send back for regeneration?\n\n");
        md.append("**Data.** ")
                .append(pool.size())
                .append(" questions of `")
                .append(file.getFileName())
                .append("` (")
                .append(loaded.pairs().size())
                .append(" pairs loaded")
                .append(
                        file.getFileName().toString().equals(ThresholdExperiment.DATA_FILE)
                                ? ", the shipped real Yahoo! Answers sample at ../shared/data/yahoo/"
                                        + ThresholdExperiment.DATA_FILE
                                : "")
                .append("), drawn with seed ")
                .append(ctx.seed())
                .append(" from the ")
                .append(pool.eligible)
                .append(" whose best answer has at least ")
                .append(ThresholdExperiment.MIN_WORDS)
                .append(" words and whose title and answer are not repeats of an earlier row")
                .append(
                        ctx.quick()
                                ? " (quick mode)"
                                : pool.size() < pool.eligible
                                        ? " (a subsample: scoring every eligible question would take well over 5 minutes on"
                                                + " this 2-core machine)"
                                        : "")
                .append(". Scorer: the pipeline's default composite (all-MiniLM-L6-v2 and bge-small-en-v1.5 cosines"
                        + " through the calibrated curves, `StandardMetrics.DEFAULT_CONFIG`), run through the Flink"
                        + " job's own `CompositeScorer`.\n\n");
        md.append("**Method.** The data has one human answer per question, and that answer is the pipeline's"
                + " reference, so scoring it against itself would give 1 every time. Each best answer is therefore"
                + " cut in two by words: the first half is the reference and the second half of the same answer is"
                + " the *positive* (another text that answers the question). The *hard negative* is the second half"
                + " of the answer to the other question with the most similar title, by the cosine of the titles'"
                + " all-MiniLM-L6-v2 embeddings (the scorer's own first model) among the questions of this run");
        md.append(
                pool.hasCategories
                        ? ", within the same Kaggle category"
                        : " (this file has no category column, so similarity is the only topic signal)");
        md.append(String.format(
                Locale.ROOT,
                "; mean title cosine %.2f (random pairs: %.2f). The *easy negative* is the second half of a random"
                        + " other question's answer%s. The LLM answers are **simulated**: the built-in simulator (%s,"
                        + " seed %d, no latency or errors), asked over HTTP by the pipeline's client, once per kind"
                        + " (near: the reference with a few words dropped and swapped; partial: a third of it plus"
                        + " filler; off-topic: unrelated sentences), scored against the whole best answer as the"
                        + " pipeline does; the default quality model (first attempt %.0f%% near, %.0f%% partial, %.0f%%"
                        + " off-topic, each regeneration moving %.0f%% of the rest to near) weights them. The"
                        + " repository holds no recorded answers of a real LLM to these questions (its test"
                        + " resources have only provider wire bodies for error handling), so none are used.\n\n",
                mean(s.negatives().hardTitleCosine()),
                mean(s.negatives().easyTitleCosine()),
                pool.hasCategories ? ", from another category" : "",
                SimulatorSettings.MODEL,
                ctx.seed(),
                100 * QualityModel.DEFAULT.nearFirst(),
                100 * QualityModel.DEFAULT.partialFirst(),
                100 * (1 - QualityModel.DEFAULT.nearFirst() - QualityModel.DEFAULT.partialFirst()),
                100 * QualityModel.DEFAULT.improvement()));

        md.append("**How well the score separates** (positive vs each negative kind; thresholds searched on a 0.01"
                        + " grid, F1 with as many positives as negatives):\n\n")
                .append(separation.markdown())
                .append('\n');
        md.append("![score distributions, halves](threshold-distribution-halves.png)\n\n");
        md.append("![ROC curves](threshold-roc.png) ![precision-recall curves](threshold-pr.png)\n\n");
        md.append("**Pass rate by threshold** (every kind; the whole curve in `threshold-pass-rate.csv`):\n\n")
                .append(rates.markdown())
                .append('\n');
        md.append("![pass rate by threshold](threshold-pass-rate.png)\n\n");
        md.append("![score distributions against the whole answer](threshold-distribution-answers.png)\n\n");
        md.append("**What a typical (simulated) answer set costs** at each threshold, from the per-kind pass rates and"
                        + " the default quality model, assuming attempts pass independently given their kind (the"
                        + " simulator draws each attempt afresh; a real model's failures on a hard question would"
                        + " repeat, so for one this is a lower bound on the cost):\n\n")
                .append(loopTable.markdown())
                .append('\n');

        md.append(String.format(
                Locale.ROOT,
                "**Answer.** The threshold %s was set in docs/scoring.md from two proxies (fewer than 1 in 200"
                        + " Yahoo! answers to another question passing, fewer than 1 in 20 SICK pairs people rate"
                        + " unrelated); this run checks it on real answers. The composite separates an answer's own"
                        + " continuation from a random question's almost perfectly (AUC %.3f) and from a"
                        + " similar-titled question's less well (AUC %.3f): same-topic text is what it confuses, as"
                        + " expected of a relatedness score. At %s, %s of positives pass, %s of hard and %s of easy"
                        + " negatives (Youden's J %.3f vs hard). J against hard negatives peaks at %.2f (J %.3f:"
                        + " %s of positives, %s of hard negatives pass) and F1 at %.2f (F1 %.3f). On the pipeline's"
                        + " scale (whole best answer as reference), %s of whole answers to a similar-titled question"
                        + " and %s to a random one pass; the simulator's near answers pass %s, partial %s,"
                        + " off-topic %s.\n\n",
                fmt2(threshold),
                easy.auc(),
                hard.auc(),
                fmt2(threshold),
                pct(atHard.tpr()),
                pct(atHard.fpr()),
                pct(atEasy.fpr()),
                atHard.tpr() - atHard.fpr(),
                jHard.threshold(),
                jHard.value(),
                pct(atJ.tpr()),
                pct(atJ.fpr()),
                f1Hard.threshold(),
                f1Hard.value(),
                pct(wholeHardPass),
                pct(wholeEasyPass),
                pct(nearPass),
                pct(partialPass),
                pct(offPass)));
        md.append(recommendation(threshold, hard, jHard, f1Hard));
        md.append(String.format(
                Locale.ROOT,
                "**What it means for you.** With the simulator's default answer mix, %s of questions are sent back"
                        + " for regeneration after the first answer at %s, a question costs %.2f LLM calls on average"
                        + " (at most %d), and %s end with no passing answer (the best of %d is stored, marked so)."
                        + " That share is set by the answer mix more than by the threshold: off-topic answers fail at"
                        + " any threshold in the table and near ones pass, so what moves with the threshold is the"
                        + " partial answers (%s pass at %s). For a real LLM, expect the share of its answers that are"
                        + " on the topic of the community's answer to pass, and the rest (wrong topic, refusals,"
                        + " answers that share little with the reference) to be regenerated; measure it with"
                        + " `sluice score calibrate` on a real run's stored attempts.\n\n",
                pct(now[0]),
                fmt2(threshold),
                now[1],
                maxAttempts,
                pct(now[2]),
                maxAttempts,
                pct(partialPass),
                fmt2(threshold)));
        md.append(String.format(
                Locale.ROOT,
                "**Limits, said plainly.** The positives are halves of human answers, not LLM answers: a half shares"
                        + " a topic and an author with its reference but only some of its content, so they score"
                        + " lower than a full good answer would, and the thresholds found here lean low. The LLM"
                        + " answers are simulated (token-level edits of the reference), not written by a model;"
                        + " near answers are easier to pass than a real paraphrase. all-MiniLM-L6-v2 was trained on"
                        + " yahoo_answers_topics, so scores on this data may be inflated. The hard negatives are only"
                        + " as hard as the nearest title among %d questions (quick mode has fewer to choose from),"
                        + " and a similar title can hide a question whose answer is in fact right (a near-duplicate"
                        + " question), which counts against the scorer here. The score measures relatedness, not"
                        + " correctness: an on-topic wrong answer passes. Run: %.0f s (model loading %.0f s), %d"
                        + " texts embedded per model.\n",
                pool.size(),
                seconds,
                modelSeconds,
                embedded));

        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("questions", pool.size());
        numbers.put("threshold", threshold);
        numbers.put("auc_positive_vs_hard", hard.auc());
        numbers.put("auc_positive_vs_easy", easy.auc());
        numbers.put("ap_positive_vs_hard", hard.averagePrecision());
        numbers.put("ap_positive_vs_easy", easy.averagePrecision());
        numbers.put("positive_pass_rate", atHard.tpr());
        numbers.put("hard_negative_pass_rate", atHard.fpr());
        numbers.put("easy_negative_pass_rate", atEasy.fpr());
        numbers.put("best_youden_threshold_vs_hard", jHard.threshold());
        numbers.put("best_youden_vs_hard", jHard.value());
        numbers.put("best_f1_threshold_vs_hard", f1Hard.threshold());
        numbers.put("best_youden_threshold_vs_easy", jEasy.threshold());
        numbers.put("simulated_near_pass_rate", nearPass);
        numbers.put("simulated_partial_pass_rate", partialPass);
        numbers.put("simulated_off_topic_pass_rate", offPass);
        numbers.put("regenerated_after_first_answer", now[0]);
        numbers.put("llm_calls_per_question", now[1]);
        numbers.put("seconds", seconds);
        return new Section(
                "threshold",
                "The score threshold: how it was chosen, and what it means for you",
                md.toString(),
                files,
                numbers);
    }

    private static String recommendation(double threshold, BinaryCurves hard, Best j, Best f1) {
        BinaryCurves.Point now = hard.at(threshold);
        BinaryCurves.Point atJ = hard.at(j.threshold());
        double gainPos = atJ.tpr() - now.tpr();
        double gainNeg = atJ.fpr() - now.fpr();
        StringBuilder r = new StringBuilder("**Recommendation.** ");
        if (Math.abs(j.threshold() - threshold) <= 0.05) {
            r.append(String.format(
                    Locale.ROOT,
                    "keep %s: the best J on this data (%.2f) is within 0.05 of it, inside what a different sample"
                            + " or a real LLM's answers would move.",
                    fmt2(threshold),
                    j.threshold()));
        } else {
            r.append(String.format(
                    Locale.ROOT,
                    "The data argue for %.2f over %s if regenerating a good answer costs as much as keeping a"
                            + " wrong one: it would pass %+.1f points of positives and %+.1f points of hard negatives"
                            + " (F1's optimum, %.2f, %s). But the positives here are half answers, which score lower than"
                            + " a whole good answer, so this optimum is biased low: read it as the floor of a sensible"
                            + " range, not the point. If a wrong answer kept is worse than an extra LLM call, stay"
                            + " nearer %s. The lead decides; this experiment does not change the default.",
                    j.threshold(),
                    fmt2(threshold),
                    100 * gainPos,
                    100 * gainNeg,
                    f1.threshold(),
                    Math.signum(f1.threshold() - threshold) == Math.signum(j.threshold() - threshold)
                            ? "points the same way"
                            : "points the other way",
                    fmt2(threshold)));
        }
        return r.append("\n\n").toString();
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
