package dev.sluice.answers.gateway;

import dev.sluice.answers.messages.RetryNotice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The gateway's SQL. It owns {@code answers.requests} (V2, the in-flight registry) and only reads
 * the storage tables (V1, and V3's retries), except for the hit count, which is the gateway's to keep,
 * and owns {@code answers.asked} (V4: how many times each question arrived).
 *
 * <p>{@link #claim} is the de-duplication point: one {@code INSERT ... ON CONFLICT} decides which
 * call (of any gateway instance) publishes a question. A claim whose gateway died before the
 * publish was acknowledged goes stale after {@code lease} and may be claimed again, so a crash
 * cannot strand a question: a repeat POST takes it over, and so does every gateway's sweep
 * ({@link #claimStale}) when nobody asks again; the price is a rare second publish, which every
 * consumer already drops by question id and attempt.
 */
public final class QuestionStore {
    /**
     * Claims several questions in one statement, in id order (so two gateways claiming overlapping
     * sets lock their rows in the same order and cannot deadlock). Ids must be distinct: one INSERT
     * may not touch a row twice. Only the rows this call claimed come back.
     */
    static final String CLAIM_ALL = """
      INSERT INTO answers.requests (question_id, title, content, best_answer, status, submitted_at, updated_at)
      SELECT id, title, content, best_answer, 'claimed', ?, ?
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(id, title, content, best_answer) ORDER BY id
      ON CONFLICT (question_id) DO UPDATE SET updated_at = EXCLUDED.updated_at
      WHERE answers.requests.status = 'claimed' AND answers.requests.updated_at < ?
      RETURNING question_id, submitted_at""";
    /** Takes over claims whose gateway died before publishing, oldest first, skipping rows another gateway holds now. */
    static final String CLAIM_STALE = """
      UPDATE answers.requests SET updated_at = ? WHERE question_id IN (
          SELECT question_id FROM answers.requests WHERE status = 'claimed' AND updated_at < ?
          ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED)
      RETURNING question_id, title, content, best_answer, submitted_at""";

    static final String MARK_ALL_PUBLISHED =
            "UPDATE answers.requests SET status = 'published', updated_at = ? WHERE question_id = ANY (?)";
    static final String RELEASE = "DELETE FROM answers.requests WHERE question_id = ? AND status = 'claimed'";
    static final String FIND_ANSWER = """
      SELECT q.question_id, q.title, q.content, q.best_answer, q.llm_answer, q.score, q.best_attempt, q.attempts,
          q.passed, q.model, q.submitted_at, q.validated_at, q.hit_count, COALESCE(a.asked_count, 0),
          q.stop_reason
      FROM answers.questions q LEFT JOIN answers.asked a ON a.question_id = q.question_id
      WHERE q.question_id = ?""";
    /**
     * Counts arrivals, several questions in one statement: ids and how often each came in this call
     * (a batch may hold a question twice, and one INSERT may not touch a row twice, so the caller adds
     * them up first).
     */
    static final String RECORD_ASKED = """
      INSERT INTO answers.asked (question_id, asked_count, first_asked_at, last_asked_at)
      SELECT id, n, ?, ? FROM unnest(?::text[], ?::bigint[]) AS t(id, n) ORDER BY id
      ON CONFLICT (question_id) DO UPDATE SET asked_count = answers.asked.asked_count + EXCLUDED.asked_count,
          last_asked_at = EXCLUDED.last_asked_at
      RETURNING question_id, asked_count""";

    /** The stored answers of several questions (those without one are not returned). */
    static final String FIND_ANSWERS = FIND_ANSWER.replace("WHERE q.question_id = ?", "WHERE q.question_id = ANY (?)");

    /** Counts hits of several questions, {@code n} each, in id order; only questions with a result row come back. */
    static final String RECORD_HITS = """
      UPDATE answers.questions q SET hit_count = q.hit_count + t.n
      FROM (SELECT id, n FROM unnest(?::text[], ?::bigint[]) AS u(id, n) ORDER BY id) t
      WHERE q.question_id = t.id
      RETURNING q.question_id, q.hit_count""";

    static final String RECORD_HIT =
            "UPDATE answers.questions SET hit_count = hit_count + 1 WHERE question_id = ? RETURNING hit_count";
    static final String ATTEMPTS = "SELECT attempt, score, latency_ms, model, generated_at FROM answers.attempts"
            + " WHERE question_id = ? ORDER BY attempt";
    static final String DEAD_LETTERS = "SELECT attempt, error_class, reason, dead_at FROM answers.dead_letters"
            + " WHERE question_id = ? ORDER BY attempt, id";
    /**
     * Within an attempt every failed call raises the sum of the retry counters and a deferral raises
     * the deferral count (reset by the next call), so this order is the order they happened in,
     * without trusting clocks.
     */
    static final String RETRIES = """
      SELECT attempt, overload_retries + quota_retries, error_class, reason, failed_at, due_at FROM answers.retries
      WHERE question_id = ? ORDER BY attempt, overload_retries + quota_retries, deferrals""";

    static final String REQUEST = "SELECT 1 FROM answers.requests WHERE question_id = ?";

    /** Comfortably above a publish's timeout (10 s by default), so a live gateway's claim never goes stale. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Duration lease;

    /**
     * @param lease how long a claim may stay unpublished before another call may take it over; keep
     *     it above the publisher's timeout, or a slow publish may be repeated by another request
     */
    public QuestionStore(DataSource dataSource, Duration lease) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException(
                    "lease: must be positive (longer than a publish may take), was " + lease);
        }
        this.lease = lease;
    }

    /**
     * Registers the question as in flight unless it already is (or was).
     *
     * @return the time it entered the pipeline when this call claimed it and must publish it;
     *     empty when another call holds it or has published it
     */
    public Optional<Instant> claim(QuestionRequest q, Instant now) throws SQLException {
        return Optional.ofNullable(claimAll(List.of(q), now).get(q.id()));
    }

    /**
     * {@link #claim} for several questions in one statement; their ids must be distinct.
     *
     * @return for each question this call claimed (and must publish), the time it entered the
     *     pipeline; the others are held or published by another call
     */
    public Map<String, Instant> claimAll(List<QuestionRequest> questions, Instant now) throws SQLException {
        if (questions.isEmpty()) {
            return Map.of();
        }
        int n = questions.size();
        Object[] ids = new Object[n];
        Object[] titles = new Object[n];
        Object[] contents = new Object[n];
        Object[] bestAnswers = new Object[n];
        for (int i = 0; i < n; i++) {
            QuestionRequest q = questions.get(i);
            ids[i] = q.id();
            titles[i] = q.title();
            contents[i] = q.content();
            bestAnswers[i] = q.bestAnswer();
        }
        Map<String, Instant> claimed = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(CLAIM_ALL)) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(now));
            s.setArray(3, c.createArrayOf("text", ids));
            s.setArray(4, c.createArrayOf("text", titles));
            s.setArray(5, c.createArrayOf("text", contents));
            s.setArray(6, c.createArrayOf("text", bestAnswers));
            s.setTimestamp(7, Timestamp.from(now.minus(lease)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    claimed.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return claimed;
    }

    /**
     * Claims, for this call to publish, up to {@code limit} questions whose claim is older than the
     * lease: their gateway died (or lost the database) between claiming and marking them published,
     * and the client that sent them may never send them again, having been told 202.
     */
    public java.util.List<dev.sluice.answers.messages.QuestionTask> claimStale(Instant now, int limit)
            throws SQLException {
        java.util.List<dev.sluice.answers.messages.QuestionTask> tasks = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(CLAIM_STALE)) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(now.minus(lease)));
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tasks.add(dev.sluice.answers.messages.QuestionTask.first(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return tasks;
    }

    /** The publishes were acknowledged: the claims are permanent. One statement for a whole batch. */
    public void markPublished(java.util.List<String> questionIds, Instant now) throws SQLException {
        if (questionIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(MARK_ALL_PUBLISHED)) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setArray(2, c.createArrayOf("text", questionIds.toArray()));
            s.executeUpdate();
        }
    }

    /** The publish failed: forget the claim so the client's retry can publish. */
    public void release(String questionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(RELEASE)) {
            s.setString(1, questionId);
            s.executeUpdate();
        }
    }

    public Optional<StoredAnswer> findAnswer(String questionId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return findAnswer(c, questionId);
        }
    }

    /** The stored answers of {@code questionIds}, in one statement; a question without one is absent. */
    public Map<String, StoredAnswer> findAnswers(java.util.Collection<String> questionIds) throws SQLException {
        if (questionIds.isEmpty()) {
            return Map.of();
        }
        Map<String, StoredAnswer> found = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(FIND_ANSWERS)) {
            s.setArray(1, c.createArrayOf("text", questionIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    StoredAnswer a = answer(rs);
                    found.put(a.questionId(), a);
                }
            }
        }
        return found;
    }

    /**
     * Counts hits of several questions in one statement: {@code hits} maps a question id to how many
     * answers from storage this call gives for it.
     *
     * @return each counted question's hit count after this call; a question without a result row is absent
     */
    public Map<String, Long> recordHits(Map<String, Integer> hits) throws SQLException {
        if (hits.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(RECORD_HITS)) {
            s.setArray(1, c.createArrayOf("text", hits.keySet().toArray()));
            s.setArray(
                    2,
                    c.createArrayOf(
                            "bigint",
                            hits.values().stream().map(Integer::longValue).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /**
     * Counts the arrival of each question: {@code asked} maps a question id to how many times it
     * came in this call. Every arrival counts (a hit, a new question, one already in flight), so a
     * question is counted before its result row exists.
     *
     * @return each question's count after this call
     */
    public Map<String, Long> recordAsked(Map<String, Integer> asked, Instant now) throws SQLException {
        if (asked.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(RECORD_ASKED)) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(now));
            s.setArray(3, c.createArrayOf("text", asked.keySet().toArray()));
            s.setArray(
                    4,
                    c.createArrayOf(
                            "bigint",
                            asked.values().stream().map(Integer::longValue).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** Counts one more answer from storage; empty when no result is stored (nothing counted). */
    public OptionalLong recordHit(String questionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(RECORD_HIT)) {
            s.setString(1, questionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * Where the question is, read from the storage tables in one snapshot (so a storage batch is seen
     * whole or not at all). The status is derived from what is stored, never from the order it
     * arrived in, because the storage consumer reads results, dead letters and retries from topics
     * with no order between them. See {@link #derive}.
     */
    public Optional<QuestionStatus> status(String questionId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return status(c, questionId);
            } finally {
                c.rollback(); // read only: ends the snapshot
            }
        }
    }

    private static Optional<QuestionStatus> status(Connection c, String questionId) throws SQLException {
        Optional<StoredAnswer> answer = findAnswer(c, questionId);
        List<Entry> scored = attempts(c, questionId);
        List<Entry> dead = deadLetters(c, questionId);
        List<Retry> retries = retries(c, questionId);
        int lastScored = scored.stream().mapToInt(e -> e.view().attempt()).max().orElse(0);
        Retry lastRetry = retries.isEmpty() ? null : retries.get(retries.size() - 1);
        String status = derive(
                answer.isPresent(),
                !dead.isEmpty(),
                lastScored,
                lastRetry == null ? 0 : lastRetry.attempt(),
                requested(c, questionId));
        if (status == null) {
            return Optional.empty();
        }
        List<Entry> all = new ArrayList<>(scored);
        all.addAll(dead);
        for (int i = 0; i < retries.size(); i++) {
            Retry r = retries.get(i);
            if (!RetryNotice.DEFERRED.equals(r.errorClass())) { // a deferral made no call: it is no attempt
                all.add(new Entry(
                        0,
                        i,
                        AttemptView.retried(
                                r.attempt(), r.errorClass(), r.reason(), r.failedAt(), r.dueAt(), r.retry())));
            }
        }
        all.sort(Comparator.comparingInt((Entry e) -> e.view().attempt())
                .thenComparingInt(Entry::phase)
                .thenComparingInt(Entry::order));
        boolean retrying = QuestionStatus.RETRYING.equals(status);
        return Optional.of(new QuestionStatus(
                questionId,
                status,
                QuestionStatus.url(questionId),
                answer.orElse(null),
                all.stream().map(Entry::view).toList(),
                retrying ? lastRetry.dueAt() : null,
                retrying ? lastRetry.errorClass() + ": " + lastRetry.reason() : null));
    }

    /**
     * The status rule, from the stored facts. A result ({@code validated}) or a dead letter
     * ({@code dead}, unless a result exists) is final: a retry row read later for an earlier call
     * changes nothing. In flight, the furthest attempt decides: a retry of an attempt that has no
     * score yet means that attempt's call failed and waits on a retry tier ({@code retrying}, also
     * while the retried call is running, until it is scored); a scored attempt at or beyond the last
     * retried one means the next attempt is on its way ({@code regenerating}). A retried call of
     * attempt n always precedes attempt n's score, so comparing attempt numbers gives the same
     * answer whichever topic storage happened to read first.
     *
     * @param lastScoredAttempt highest scored attempt, 0 if none
     * @param lastRetryAttempt highest attempt with a retry (a failed call or a deferral), 0 if none
     * @return the status; null when nothing is known of the question
     */
    static String derive(
            boolean answered, boolean dead, int lastScoredAttempt, int lastRetryAttempt, boolean requested) {
        if (answered) {
            return QuestionStatus.VALIDATED;
        }
        if (dead) {
            return QuestionStatus.DEAD;
        }
        if (lastRetryAttempt > lastScoredAttempt) {
            return QuestionStatus.RETRYING;
        }
        if (lastScoredAttempt > 0) {
            return QuestionStatus.REGENERATING;
        }
        return requested ? QuestionStatus.QUEUED : null;
    }

    /** An attempt entry with its place: phase 0 retried calls, 1 the score, 2 the dead letter; then order within. */
    private record Entry(int phase, int order, AttemptView view) {}

    private record Retry(int attempt, int retry, String errorClass, String reason, Instant failedAt, Instant dueAt) {}

    private static Optional<StoredAnswer> findAnswer(Connection c, String questionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIND_ANSWER)) {
            s.setString(1, questionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(answer(rs)) : Optional.empty();
            }
        }
    }

    /** One row of {@link #FIND_ANSWER} / {@link #FIND_ANSWERS}. */
    private static StoredAnswer answer(ResultSet rs) throws SQLException {
        return new StoredAnswer(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getDouble(6),
                rs.getInt(7),
                rs.getInt(8),
                rs.getBoolean(9),
                rs.getString(15),
                rs.getString(10),
                instant(rs.getTimestamp(11)),
                instant(rs.getTimestamp(12)),
                rs.getLong(13),
                rs.getLong(14));
    }

    private static List<Entry> attempts(Connection c, String questionId) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(ATTEMPTS)) {
            s.setString(1, questionId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(
                            1,
                            out.size(),
                            AttemptView.scored(
                                    rs.getInt(1),
                                    rs.getDouble(2),
                                    rs.getLong(3),
                                    rs.getString(4),
                                    instant(rs.getTimestamp(5)))));
                }
            }
        }
        return out;
    }

    private static List<Entry> deadLetters(Connection c, String questionId) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(DEAD_LETTERS)) {
            s.setString(1, questionId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(
                            2,
                            out.size(),
                            AttemptView.dead(
                                    rs.getInt(1), rs.getString(2), rs.getString(3), instant(rs.getTimestamp(4)))));
                }
            }
        }
        return out;
    }

    /** Every retry of the question, in the order they happened (see {@link #RETRIES}). */
    private static List<Retry> retries(Connection c, String questionId) throws SQLException {
        List<Retry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(RETRIES)) {
            s.setString(1, questionId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Retry(
                            rs.getInt(1),
                            rs.getInt(2),
                            rs.getString(3),
                            rs.getString(4),
                            instant(rs.getTimestamp(5)),
                            instant(rs.getTimestamp(6))));
                }
            }
        }
        return out;
    }

    private static boolean requested(Connection c, String questionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(REQUEST)) {
            s.setString(1, questionId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
