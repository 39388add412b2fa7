package dev.sluice.answers.analysis;

import dev.sluice.answers.analysis.threshold.BinaryCurves;
import dev.sluice.answers.analysis.threshold.ExperimentScorer;
import dev.sluice.answers.analysis.threshold.Negatives;
import dev.sluice.answers.analysis.threshold.SimulatedAnswers;
import dev.sluice.answers.dataset.DatasetLoader;
import dev.sluice.answers.dataset.LoadResult;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.scoring.BatchScorer;
import dev.sluice.answers.scoring.ScorerKind;
import dev.sluice.answers.simulator.QualityModel;
import dev.sluice.scoring.TextCleaner;
import dev.sluice.scoring.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Issue 13, item 5: how was the score threshold chosen, and what does it mean for a user? Scores,
 * with the pipeline's own scorer ({@link ScorerKind#COMPOSITE}), real Yahoo! answers against their
 * question's reference and against other questions' answers (similar title: hard; random: easy),
 * draws ROC and precision-recall curves, finds the thresholds that separate them best, and puts the
 * simulator's answers (near, partial, off-topic) on the same scale to say what share of questions
 * a typical answer set sends back for regeneration.
 *
 * <p><b>Why the answers are split in halves.</b> The data has one human answer per question, and
 * the pipeline's reference is that answer: scoring it against itself gives 1 every time and says
 * nothing. So for the curves, each best answer of at least {@value #MIN_WORDS} words is cut in two
 * by words: the first half is the reference, the second half of the same answer is the positive
 * (a different text answering the same question), and the second halves of other questions' answers
 * are the negatives, so every candidate is the same kind of text. The simulated answers are then
 * scored against the whole best answer, as the pipeline scores them, next to whole other answers.
 */
public final class ThresholdExperiment implements Experiment {
    /** Questions in quick mode (CI). */
    static final int QUICK_QUESTIONS = 150;
    /**
     * Questions in full mode: a seeded subsample of the eligible ones. Scoring all of them (2,701 of
     * the 4,387 have a best answer of 20 words or more) embeds about 6 texts per question with two
     * models; quick mode's 150 questions (925 texts) took 421 s on two cores under a load average of
     * 20 from other builds, so all of them would be far past 5 minutes even on a quiet machine, and
     * the full run subsamples. 600 is an estimate for about 5 minutes on quiet cores, not a
     * measurement.
     */
    static final int FULL_QUESTIONS = 600;
    /** Shortest best answer (in words) that can be split into two halves of at least 10 words. */
    static final int MIN_WORDS = 20;

    static final String DATA_FILE = "yahoo-answers-4387.csv";

    private final int fullQuestions;

    public ThresholdExperiment() {
        this(FULL_QUESTIONS);
    }

    /** @param fullQuestions questions in full mode (all eligible ones if larger) */
    public ThresholdExperiment(int fullQuestions) {
        if (fullQuestions < QUICK_QUESTIONS) {
            throw new IllegalArgumentException(
                    "full mode needs at least " + QUICK_QUESTIONS + " questions, was " + fullQuestions);
        }
        this.fullQuestions = fullQuestions;
    }

    @Override
    public String id() {
        return "threshold";
    }

    @Override
    public String title() {
        return "The score threshold: how it was chosen, and what it means for you";
    }

    @Override
    public Section run(ExperimentContext context) throws Exception {
        long started = System.nanoTime();
        Path file = dataFile(context.yahooData());
        LoadResult loaded = DatasetLoader.loadAny(file);
        Pool pool = Pool.choose(loaded.pairs(), context.quick() ? QUICK_QUESTIONS : fullQuestions, context.seed());
        context.log()
                .accept(String.format(
                        Locale.ROOT,
                        "threshold: %d of %d questions (%d eligible: best answer of %d+ words, distinct title and answer), seed %d",
                        pool.size(),
                        loaded.pairs().size(),
                        pool.eligible,
                        MIN_WORDS,
                        context.seed()));
        double threshold = ScorerKind.COMPOSITE.defaultThreshold();
        Scores s;
        long modelsNanos;
        long embedded;
        try (ExperimentScorer scorer = new ExperimentScorer()) {
            modelsNanos = System.nanoTime() - started;
            context.log().accept("threshold: asking the LLM simulator for near, partial and off-topic answers");
            Map<QualityModel.Kind, List<String>> simulated = SimulatedAnswers.ask(pool.questions, context.seed());
            context.log().accept("threshold: embedding titles for the hard negatives");
            float[][] titles = scorer.miniLm().embed(pool.titles());
            Negatives negatives = Negatives.choose(titles, pool.categories(), context.seed());
            s = Scores.compute(scorer, pool, negatives, simulated, context);
            embedded = scorer.embeddedTexts();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        context.log()
                .accept(String.format(
                        Locale.ROOT, "threshold: done in %.0f s (%d texts embedded per model)", seconds, embedded));
        return ThresholdReport.write(context, file, loaded, pool, s, threshold, seconds, modelsNanos / 1e9, embedded);
    }

    /** The Yahoo! file: the path itself, or the shipped sample (else the only CSV) in that directory. */
    static Path dataFile(Path yahooData) throws IOException {
        if (yahooData == null) {
            throw new IllegalArgumentException(
                    "the threshold experiment needs the Yahoo! data: pass the directory holding " + DATA_FILE);
        }
        if (Files.isRegularFile(yahooData)) {
            return yahooData;
        }
        Path shipped = yahooData.resolve(DATA_FILE);
        if (Files.isRegularFile(shipped)) {
            return shipped;
        }
        try (Stream<Path> files = Files.list(yahooData)) {
            List<Path> csv =
                    files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
            if (csv.size() != 1) {
                throw new IllegalArgumentException("expected " + DATA_FILE + " or exactly one .csv in " + yahooData
                        + ", found " + csv.size() + " CSV files");
            }
            return csv.get(0);
        }
    }

    /** The questions the run scores, each best answer split into a reference half and a candidate half. */
    static final class Pool {
        final List<QaPair> questions;
        final List<String> whole = new ArrayList<>();
        final List<String> firstHalf = new ArrayList<>();
        final List<String> secondHalf = new ArrayList<>();
        final int eligible;
        final boolean hasCategories;

        private Pool(List<QaPair> questions, int eligible) {
            this.questions = List.copyOf(questions);
            this.eligible = eligible;
            this.hasCategories = questions.stream().allMatch(q -> q.category() != null);
            for (QaPair q : questions) {
                String[] words = TextCleaner.clean(q.bestAnswer()).strip().split("\\s+");
                int half = (words.length + 1) / 2;
                whole.add(q.bestAnswer());
                firstHalf.add(String.join(" ", java.util.Arrays.copyOfRange(words, 0, half)));
                secondHalf.add(String.join(" ", java.util.Arrays.copyOfRange(words, half, words.length)));
            }
        }

        /**
         * Questions whose best answer has {@value #MIN_WORDS}+ words after cleaning, first of each
         * title and of each answer (a repeated question's "other" answer would be a right answer),
         * shuffled with the seed, then the first {@code size}.
         */
        static Pool choose(List<QaPair> pairs, int size, long seed) {
            Set<String> titles = new HashSet<>();
            Set<String> answers = new HashSet<>();
            List<QaPair> eligible = new ArrayList<>();
            for (QaPair p : pairs) {
                boolean newTitle = titles.add(String.join(" ", Tokens.normalise(p.title())));
                boolean newAnswer = answers.add(String.join(" ", Tokens.normalise(p.bestAnswer())));
                if (newTitle
                        && newAnswer
                        && Tokens.normalise(p.bestAnswer()).size() >= MIN_WORDS
                        && TextCleaner.clean(p.bestAnswer()).strip().split("\\s+").length >= MIN_WORDS) {
                    eligible.add(p);
                }
            }
            if (eligible.size() < 3) {
                throw new IllegalArgumentException("only " + eligible.size() + " questions have a best answer of "
                        + MIN_WORDS + " words or more; the threshold experiment needs at least 3");
            }
            List<QaPair> shuffled = new ArrayList<>(eligible);
            Collections.shuffle(shuffled, new Random(seed));
            return new Pool(shuffled.subList(0, Math.min(size, shuffled.size())), eligible.size());
        }

        int size() {
            return questions.size();
        }

        List<String> titles() {
            return questions.stream().map(QaPair::title).toList();
        }

        String[] categories() {
            return hasCategories ? questions.stream().map(QaPair::category).toArray(String[]::new) : null;
        }
    }

    /** Every kind's scores, in the order the charts and tables show them. */
    record Scores(
            Map<String, double[]> split,
            Map<String, double[]> pipeline,
            Map<String, BinaryCurves> curves,
            Negatives negatives) {
        static final String POSITIVE = "positive: same answer's 2nd half";
        static final String HARD = "hard negative: similar title's 2nd half";
        static final String EASY = "easy negative: random question's 2nd half";
        static final String WHOLE_HARD = "other question, similar title (whole answer)";
        static final String WHOLE_EASY = "other question, random (whole answer)";

        static String simulated(QualityModel.Kind kind) {
            return "simulated LLM, " + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Scores compute(
                ExperimentScorer scorer,
                Pool pool,
                Negatives neg,
                Map<QualityModel.Kind, List<String>> simulated,
                ExperimentContext context) {
            int n = pool.size();
            List<BatchScorer.Request> positive = new ArrayList<>();
            List<BatchScorer.Request> hard = new ArrayList<>();
            List<BatchScorer.Request> easy = new ArrayList<>();
            List<BatchScorer.Request> wholeHard = new ArrayList<>();
            List<BatchScorer.Request> wholeEasy = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String ref = pool.firstHalf.get(i);
                positive.add(new BatchScorer.Request(ref, null, pool.secondHalf.get(i)));
                hard.add(new BatchScorer.Request(ref, null, pool.secondHalf.get(neg.hard()[i])));
                easy.add(new BatchScorer.Request(ref, null, pool.secondHalf.get(neg.easy()[i])));
                String whole = pool.whole.get(i);
                wholeHard.add(new BatchScorer.Request(whole, null, pool.whole.get(neg.hard()[i])));
                wholeEasy.add(new BatchScorer.Request(whole, null, pool.whole.get(neg.easy()[i])));
            }
            Map<String, double[]> split = new LinkedHashMap<>();
            split.put(POSITIVE, scorer.score(positive, context.log(), "positives"));
            split.put(HARD, scorer.score(hard, context.log(), "hard negatives"));
            split.put(EASY, scorer.score(easy, context.log(), "easy negatives"));
            Map<String, double[]> pipeline = new LinkedHashMap<>();
            for (QualityModel.Kind kind : QualityModel.Kind.values()) {
                List<BatchScorer.Request> sim = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    sim.add(new BatchScorer.Request(
                            pool.whole.get(i), null, simulated.get(kind).get(i)));
                }
                pipeline.put(simulated(kind), scorer.score(sim, context.log(), simulated(kind)));
            }
            pipeline.put(WHOLE_HARD, scorer.score(wholeHard, context.log(), "whole answers, similar title"));
            pipeline.put(WHOLE_EASY, scorer.score(wholeEasy, context.log(), "whole answers, random"));
            Map<String, BinaryCurves> curves = new LinkedHashMap<>();
            curves.put("vs hard negative", BinaryCurves.of(split.get(POSITIVE), split.get(HARD)));
            curves.put("vs easy negative", BinaryCurves.of(split.get(POSITIVE), split.get(EASY)));
            return new Scores(split, pipeline, curves, neg);
        }
    }
}
