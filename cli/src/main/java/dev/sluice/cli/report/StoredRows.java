package dev.sluice.cli.report;

import dev.sluice.answers.analysis.Experiment;
import dev.sluice.answers.analysis.ExperimentContext;
import dev.sluice.answers.analysis.Section;
import dev.sluice.answers.analysis.Table;
import dev.sluice.answers.loadgen.TrafficPlan;
import dev.sluice.answers.loadgen.TrafficResult;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What PostgreSQL holds after the storage experiment's run, one row per question that arrived:
 * {@code answers.asked} (the gateway's count of arrivals) joined with {@code answers.questions}
 * (storage's result: question, best answer, LLM answer, score, hit count) and the dead letters; and
 * the section made of it.
 */
final class StoredRows {
    static final String ROWS = """
      SELECT a.question_id, a.asked_count, COALESCE(q.hit_count, 0), q.question_id IS NOT NULL,
          EXISTS (SELECT 1 FROM answers.dead_letters d WHERE d.question_id = a.question_id),
          q.score, q.passed, q.attempts, q.title, q.best_answer, q.llm_answer
      FROM answers.asked a LEFT JOIN answers.questions q ON q.question_id = a.question_id
      ORDER BY a.asked_count DESC, a.question_id""";
    static final String UNFINISHED = """
      SELECT count(*) FROM answers.asked a
      WHERE NOT EXISTS (SELECT 1 FROM answers.questions q WHERE q.question_id = a.question_id)
        AND NOT EXISTS (SELECT 1 FROM answers.dead_letters d WHERE d.question_id = a.question_id)""";

    record Row(
            String id,
            long asked,
            long hits,
            boolean stored,
            boolean dead,
            double score,
            boolean passed,
            int attempts,
            String title,
            String bestAnswer,
            String llmAnswer) {}

    private final List<Row> rows;

    private StoredRows(List<Row> rows) {
        this.rows = rows;
    }

    /** Questions that arrived and have neither a result nor a dead letter yet. */
    static long unfinished(DataSource db) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(UNFINISHED);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static StoredRows read(DataSource db) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(ROWS);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getBoolean(4),
                        rs.getBoolean(5),
                        rs.getDouble(6),
                        rs.getBoolean(7),
                        rs.getInt(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11)));
            }
        }
        return new StoredRows(rows);
    }

    List<Row> rows() {
        return rows;
    }

    Section section(
            Experiment experiment,
            ExperimentContext context,
            StorageData data,
            int pool,
            TrafficPlan plan,
            TrafficResult sent,
            long unfinished,
            String llm,
            double threshold)
            throws IOException {
        long asked = rows.stream().mapToLong(Row::asked).sum();
        long hits = rows.stream().mapToLong(Row::hits).sum();
        long stored = rows.stream().filter(Row::stored).count();
        long dead = rows.stream().filter(r -> r.dead() && !r.stored()).count();
        long once = rows.stream().filter(r -> r.asked() == 1).count();
        long below = rows.stream().filter(r -> r.stored() && !r.passed()).count();
        long hitsBelow = rows.stream()
                .filter(r -> r.stored() && !r.passed())
                .mapToLong(Row::hits)
                .sum();
        long accepted = sent.queued() + sent.answered();
        long distinct = rows.size();
        long inFlightRepeats = asked - distinct - hits;
        long maxAsked = rows.isEmpty() ? 0 : rows.get(0).asked();
        double passed = stored == 0
                ? Double.NaN
                : rows.stream().filter(r -> r.stored() && r.passed()).count() / (double) stored;
        double meanScore = rows.stream()
                .filter(Row::stored)
                .mapToDouble(Row::score)
                .average()
                .orElse(Double.NaN);

        List<Path> files = new ArrayList<>();
        Table sample = sampleRows();
        files.add(sample.writeCsv(context.file("storage-rows.csv")));
        Table buckets = buckets();
        files.add(buckets.writeCsv(context.file("storage-asked-distribution.csv")));
        files.add(bucketChart(buckets, context.file("storage-asked-distribution.png")));
        Table rank = rank(sent.sent());
        files.add(rank.writeCsv(context.file("storage-asked-rank.csv")));
        files.add(rankChart(rank, context.file("storage-asked-rank.png")));

        Map<String, Object> n = new LinkedHashMap<>();
        n.put("arrivals_sent", sent.sent());
        n.put("arrivals_accepted", accepted);
        n.put("arrivals_failed", sent.failed());
        n.put("answered_from_storage", sent.answered());
        n.put("distinct_questions", distinct);
        n.put("questions_in_data", pool);
        n.put("stored_rows", stored);
        n.put("dead_lettered", dead);
        n.put("unfinished", unfinished);
        n.put("asked_count_total", asked);
        n.put("hit_count_total", hits);
        n.put("in_flight_repeats", inFlightRepeats);
        n.put("stored_below_threshold", below);
        n.put("hits_on_below_threshold", hitsBelow);
        n.put("asked_count_max", maxAsked);
        n.put("asked_once_share", round(distinct == 0 ? 0 : once / (double) distinct));
        n.put("asked_matches_arrivals", asked == accepted);
        n.put("hits_match_answered", hits == sent.answered());
        if (stored > 0) {
            n.put("passed_share", round(passed));
            n.put("mean_score", round(meanScore));
        }
        n.put("arrival_rate_per_s", round(sent.rate()));

        Table totals = new Table("what", "value")
                .add("arrivals posted to the gateway", sent.sent())
                .add("... accepted (202 queued or 200 answered)", accepted)
                .add("... failed", sent.failed())
                .add("... answered from the cache or the database (200)", sent.answered())
                .add("distinct questions asked (rows of answers.asked)", distinct)
                .add("questions the data has to draw from", pool)
                .add("result rows (answers.questions)", stored)
                .add("dead-lettered, no result", dead)
                .add("still in the pipeline when the report read the database", unfinished)
                .add("sum of asked_count", asked)
                .add("sum of hit_count", hits)
                .add("repeats that arrived while the question was in flight (asked - distinct - hits)", inFlightRepeats)
                .add("largest asked_count", maxAsked)
                .add("questions asked exactly once", once)
                .add("results that passed the threshold " + threshold, pct(passed))
                .add("results below it (the best of all attempts, passed = false)", below)
                .add("... and the hits that served them", hitsBelow)
                .add("mean score of the stored answers (token F1)", meanScore);

        String md = """
            **Question.** Does storage keep what the assignment asks for (the question, the best answer, the \
            LLM's answer, the score, and how many times the question was asked), one row per question, with \
            counts that add up?

            **How.** The whole answers pipeline on the embedded stack: a real Kafka broker, PostgreSQL and a \
            Flink MiniCluster in one JVM, two LLM workers, the retry schedulers, the scoring job and storage, \
            and the gateway on HTTP. %,d questions were posted one per request to `POST /api/questions` \
            (Poisson arrivals at %.0f/s offered, %.0f/s achieved; the machine's load average was %.1f on %d \
            cores as the run ended), drawn from %,d questions with Zipf \
            popularity (exponent %s: the most asked question comes first, the rest fall off as 1/rank^%s), \
            so popular questions come back while they are in flight and after they are answered. \
            **Data:** %s. **LLM:** %s. **Scorer:** token F1 with threshold %s (the semantic composite \
            is measured in the other sections; here only what is stored matters). Every arrival is \
            counted by the gateway in `answers.asked` (migration V4) before anything else happens to it; \
            `hit_count` counts the arrivals answered from the cache or the database.

            ### Totals

            %s
            ### A few stored rows (the most asked, then some asked once)

            %s
            ![How many questions were asked how often](storage-asked-distribution.png)

            ![asked_count by popularity rank, log-log](storage-asked-rank.png)

            Files: `storage-rows.csv` (the rows above), `storage-asked-distribution.csv`, \
            `storage-asked-rank.csv` (every question: rank, asked_count, hit_count, the Zipf expectation).

            ### Answer

            %s
            """.formatted(
                        sent.sent(),
                        plan.ratePerSecond(),
                        sent.rate(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors(),
                        pool,
                        ZIPF_TEXT,
                        ZIPF_TEXT,
                        data.description(),
                        llm,
                        threshold,
                        totals.markdown(),
                        sample.markdown(),
                        answer(
                                data,
                                pool,
                                sent,
                                accepted,
                                distinct,
                                stored,
                                dead,
                                unfinished,
                                asked,
                                hits,
                                maxAsked,
                                once,
                                inFlightRepeats,
                                below,
                                hitsBelow));
        return new Section(experiment.id(), experiment.title(), md, files, n);
    }

    private static final String ZIPF_TEXT = String.valueOf(StorageExperiment.ZIPF);

    private static String answer(
            StorageData data,
            int pool,
            TrafficResult sent,
            long accepted,
            long distinct,
            long stored,
            long dead,
            long unfinished,
            long asked,
            long hits,
            long maxAsked,
            long once,
            long inFlightRepeats,
            long below,
            long hitsBelow) {
        StringBuilder a = new StringBuilder();
        a.append(String.format(
                Locale.ROOT,
                "Yes, with one limit of the data. PostgreSQL holds %,d result rows, one per question, each with"
                        + " the question, the community's best answer, the LLM's answer, its score and the two counts;"
                        + " %s dead-lettered and %s a count but no result row%s.",
                stored,
                dead,
                dead == 1 ? "1 more question was" : String.format(Locale.ROOT, "%,d more questions were", dead),
                dead == 1 ? "has" : "have",
                unfinished == 0 ? "" : String.format(", and %,d were still in the pipeline", unfinished)));
        a.append(String.format(
                Locale.ROOT,
                " The counts add up: the %,d accepted arrivals are %s the sum of asked_count (%,d), and the %,d"
                        + " answered from storage are %s the sum of hit_count (%,d).",
                accepted,
                asked == accepted ? "exactly" : "NOT",
                asked,
                sent.answered(),
                hits == sent.answered() ? "exactly" : "NOT",
                hits));
        a.append(String.format(
                Locale.ROOT,
                " The most asked question arrived %,d times; %,d of %,d questions (%s) were asked once."
                        + " %,d arrivals came while their question was still being answered: they count as asked but"
                        + " not as hits, and were not published again, so the LLM answered each question once"
                        + " however often it was asked.",
                maxAsked,
                once,
                distinct,
                pct(distinct == 0 ? Double.NaN : once / (double) distinct),
                inFlightRepeats));
        if (below > 0) {
            a.append(String.format(
                    Locale.ROOT,
                    " Not every stored answer is good: %,d questions kept their best attempt below the threshold"
                            + " (passed = false), and the gateway served those answers %,d times from storage; a"
                            + " popular question whose attempts all failed is served its poor answer on every ask.",
                    below,
                    hitsBelow));
        }
        if (!data.kaggle()) {
            a.append(String.format(
                    Locale.ROOT,
                    " The limit: %,d arrivals became only %,d rows, because storage keeps one row per *question*"
                            + " and the data has %,d distinct questions; repeats raise asked_count instead of adding"
                            + " rows. At least 10,000 stored rows need at least 10,000 distinct questions: the full"
                            + " Kaggle set (`--yahoo DIR` with its `test.csv` or `train.csv`; the run then draws"
                            + " 40,000 arrivals from 20,000 questions).",
                    sent.sent(),
                    distinct,
                    pool));
        } else if (stored < 10_000) {
            a.append(String.format(
                    Locale.ROOT,
                    " Fewer than 10,000 rows (%,d): with Zipf %s, 40,000 arrivals reach only part of the %,d questions.",
                    stored,
                    ZIPF_TEXT,
                    pool));
        }
        a.append(" The price of the count is one more statement per request (one per batch), an upsert on the"
                + " question's row, whose lock serialises concurrent arrivals of the same popular question.");
        return a.toString();
    }

    /** The five most asked stored questions, then three asked once. */
    private Table sampleRows() {
        Table t = new Table("question", "best answer", "LLM answer", "score", "passed", "asked_count", "hit_count");
        List<Row> stored = rows.stream().filter(Row::stored).toList();
        List<Row> shown = new ArrayList<>(stored.stream().limit(5).toList());
        stored.stream()
                .filter(r -> r.asked() == 1)
                .sorted(Comparator.comparing(Row::id))
                .limit(3)
                .forEach(shown::add);
        for (Row r : shown) {
            t.add(
                    excerpt(r.title(), 60),
                    excerpt(r.bestAnswer(), 70),
                    excerpt(r.llmAnswer(), 70),
                    r.score(),
                    r.passed() ? "yes" : "no",
                    r.asked(),
                    r.hits());
        }
        return t;
    }

    /** Questions per asked_count bucket (1, 2, 3-4, 5-8, ...), with the arrivals they account for. */
    Table buckets() {
        Table t = new Table("asked_count", "questions", "arrivals");
        long max = rows.isEmpty() ? 1 : rows.get(0).asked();
        for (long low = 1, high = 1; low <= max; low = high + 1, high = high * 2) {
            long lo = low;
            long hi = high;
            List<Row> in = rows.stream()
                    .filter(r -> r.asked() >= lo && r.asked() <= hi)
                    .toList();
            t.add(
                    lo == hi ? String.valueOf(lo) : lo + "-" + hi,
                    (long) in.size(),
                    in.stream().mapToLong(Row::asked).sum());
        }
        return t;
    }

    private Table rank(long arrivals) {
        Table t = new Table("rank", "asked_count", "hit_count", "zipf_expected");
        double h = 0;
        for (int k = 1; k <= Math.max(1, rows.size()); k++) {
            h += Math.pow(k, -StorageExperiment.ZIPF);
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double expected = arrivals * Math.pow(i + 1, -StorageExperiment.ZIPF) / h;
            t.add(i + 1, r.asked(), r.hits(), expected);
        }
        return t;
    }

    private static Path bucketChart(Table buckets, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(800)
                .height(400)
                .title("Questions by how many times they were asked")
                .xAxisTitle("asked_count")
                .yAxisTitle("questions")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true); // the small buckets of the popular questions stay readable
        List<String> labels = new ArrayList<>();
        List<Number> counts = new ArrayList<>();
        for (List<Object> row : buckets.rows()) {
            labels.add((String) row.get(0));
            counts.add((Number) row.get(1));
        }
        chart.addSeries("questions", labels, counts);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static Path rankChart(Table rank, Path file) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(400)
                .title("asked_count by popularity rank")
                .xAxisTitle("rank (1 = most asked)")
                .yAxisTitle("times asked")
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        List<Double> x = new ArrayList<>();
        List<Double> asked = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (List<Object> row : rank.rows()) {
            x.add(((Number) row.get(0)).doubleValue());
            asked.add(((Number) row.get(1)).doubleValue());
            expected.add(Math.max(0.1, ((Number) row.get(3)).doubleValue()));
        }
        if (x.isEmpty()) {
            x.add(1.0);
            asked.add(1.0);
            expected.add(1.0);
        }
        chart.addSeries("asked_count (stored)", x, asked).setMarker(SeriesMarkers.CIRCLE);
        XYSeries zipf = chart.addSeries("Zipf " + ZIPF_TEXT + " expectation", x, expected);
        zipf.setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        String flat = text.replace("\\n", " ").replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1).strip() + "…";
    }

    private static String pct(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 10_000) / 10_000.0;
    }
}
