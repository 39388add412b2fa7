package dev.sluice.answers.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What the database says about one run (question ids {@code <run>-...}): the source of the
 * demo's progress and of its {@code lost} count, so nothing is assumed from the services' own counters.
 *
 * @param dead          questions dead-lettered that never got a result (a question whose attempt was
 *                      dead-lettered but which was validated later counts as validated only)
 * @param regenerating  questions with a scored attempt but no result yet: below the threshold, sent
 *                      back to the LLM
 */
public record RunCounts(
        long validated,
        long passed,
        long dead,
        long attempts,
        long regenerating,
        long regenerations,
        int maxAttempt,
        double meanFirst,
        double meanFinal,
        long p50,
        long p95) {

    public long done() {
        return validated + dead;
    }

    /**
     * Validated plus dead-lettered questions of the run: two index range counts, cheap enough to poll
     * several times a second while a benchmark pushes tens of thousands of questions (the full
     * {@link #read} scans and aggregates, and polling it competed with the pipeline it measured).
     */
    public static long done(DataSource db, String run) throws SQLException {
        try (Connection c = db.getConnection()) {
            RunFilter f = RunFilter.of(c, run);
            return countValidated(c, f) + countDead(c, f);
        }
    }

    private static long countValidated(Connection c, RunFilter f) throws SQLException {
        return one(c, "SELECT count(*) FROM answers.questions WHERE " + f.on("question_id"), f);
    }

    /** Dead-lettered and never validated (an attempt dead-lettered before a later one passed counts as validated). */
    private static long countDead(Connection c, RunFilter f) throws SQLException {
        return one(
                c,
                "SELECT count(DISTINCT d.question_id) FROM answers.dead_letters d WHERE " + f.on("d.question_id")
                        + " AND NOT EXISTS (SELECT 1 FROM answers.questions q WHERE q.question_id = d.question_id)",
                f);
    }

    /**
     * End-to-end latency (submitted → result stored) of the run's validated questions at the given
     * percentiles (0..1), in milliseconds, rounded.
     */
    public static long[] latencyMillis(DataSource db, String run, double... percentiles) throws SQLException {
        try (Connection c = db.getConnection()) {
            RunFilter f = RunFilter.of(c, run);
            try (PreparedStatement ps = c.prepareStatement("SELECT percentile_disc(?::float8[]) WITHIN GROUP "
                    + "(ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000) FROM answers.questions WHERE "
                    + f.on("question_id"))) {
                ps.setArray(
                        1,
                        c.createArrayOf(
                                "float8",
                                java.util.Arrays.stream(percentiles).boxed().toArray()));
                f.bind(ps, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Object[] p = (Object[]) rs.getArray(1).getArray();
                    long[] out = new long[percentiles.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = p[i] == null ? -1 : Math.round(((Number) p[i]).doubleValue());
                    }
                    return out;
                }
            }
        }
    }

    public static RunCounts read(DataSource db, String run) throws SQLException {
        try (Connection c = db.getConnection()) {
            RunFilter f = RunFilter.of(c, run);
            String q = f.on("question_id");
            long validated = countValidated(c, f);
            long passed = one(c, "SELECT count(*) FROM answers.questions WHERE passed AND " + q, f);
            long dead = countDead(c, f);
            long attempts = one(c, "SELECT count(*) FROM answers.attempts WHERE " + q, f);
            long regenerations = one(c, "SELECT count(*) FROM answers.attempts WHERE attempt > 1 AND " + q, f);
            long regenerating = one(
                    c,
                    "SELECT count(DISTINCT a.question_id) FROM answers.attempts a WHERE " + f.on("a.question_id")
                            + " AND NOT EXISTS (SELECT 1 FROM answers.questions q WHERE q.question_id = a.question_id) "
                            + "AND NOT EXISTS (SELECT 1 FROM answers.dead_letters d WHERE d.question_id = a.question_id)",
                    f);
            long maxAttempt = one(c, "SELECT coalesce(max(attempt), 0) FROM answers.attempts WHERE " + q, f);
            double meanFirst =
                    dbl(c, "SELECT coalesce(avg(score), 0) FROM answers.attempts WHERE attempt = 1 AND " + q, f);
            double meanFinal = dbl(c, "SELECT coalesce(avg(score), 0) FROM answers.questions WHERE " + q, f);
            long p50 = one(
                    c,
                    "SELECT coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000), 0)::bigint "
                            + "FROM answers.questions WHERE " + q,
                    f);
            long p95 = one(
                    c,
                    "SELECT coalesce(percentile_disc(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000), 0)::bigint "
                            + "FROM answers.questions WHERE " + q,
                    f);
            return new RunCounts(
                    validated,
                    passed,
                    dead,
                    attempts,
                    regenerating,
                    regenerations,
                    (int) maxAttempt,
                    meanFirst,
                    meanFinal,
                    p50,
                    p95);
        }
    }

    /**
     * "The question id starts with {@code <run>-}". Where the database orders text by code point (C,
     * POSIX, C.UTF-8, as the embedded PostgreSQL does) that is the primary-key range [{@code run-}, {@code run.}),
     * an index scan; under a linguistic collation, which may ignore the hyphen, a LIKE (a table scan).
     */
    record RunFilter(boolean byteOrder, String run) {
        static RunFilter of(Connection c, String run) throws SQLException {
            // Asked of the default collation itself (what the primary key's index uses), whatever its
            // provider (libc, ICU, builtin) and version: code-point order puts 'B' before 'a' and keeps
            // the hyphen significant.
            try (PreparedStatement ps = c.prepareStatement("SELECT ('B' < 'a') AND ('x-~' < 'x.') AND ('x-' < 'x-0')");
                    ResultSet rs = ps.executeQuery()) {
                return new RunFilter(rs.next() && rs.getBoolean(1), run);
            }
        }

        String on(String column) {
            return byteOrder ? column + " >= ? AND " + column + " < ?" : column + " LIKE ?";
        }

        void bind(PreparedStatement ps) throws SQLException {
            bind(ps, 1);
        }

        /** Binds the filter's one or two parameters from index {@code first} on. */
        void bind(PreparedStatement ps, int first) throws SQLException {
            if (byteOrder) {
                ps.setString(first, range()[0]);
                ps.setString(first + 1, range()[1]);
            } else {
                ps.setString(first, likePattern());
            }
        }

        /** {@code <run>-%} with LIKE's wildcards in the run id escaped. */
        String likePattern() {
            return run.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%";
        }

        /** The range's bounds: every id that starts with {@code <run>-} and nothing else, in code-point order. */
        String[] range() {
            return new String[] {run + "-", run + "."};
        }
    }

    static long one(Connection c, String sql, RunFilter f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            f.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static double dbl(Connection c, String sql, RunFilter f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            f.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }
}
