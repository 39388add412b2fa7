package dev.sluice.answers.storage;

import dev.sluice.answers.messages.DeadLetter;
import dev.sluice.answers.messages.RetryNotice;
import dev.sluice.answers.messages.ScoredAttempt;
import dev.sluice.answers.messages.ValidatedAnswer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The SQL of the answers schema. Every write is an upsert keyed by ids the messages carry, so
 * writing the same message twice leaves the same rows: attempts and dead letters keep the first
 * write; a question's result is replaced only by one validated strictly later (never by a replay),
 * and its hit count is never touched by the pipeline. Retries, like attempts, keep the first write
 * under their natural key (question, attempt, retry counters), and are history only: a retry row
 * never changes a result, so one that arrives after the question's result changes no status.
 */
public final class AnswersStore {
    static final String UPSERT_QUESTION = """
      INSERT INTO answers.questions (question_id, title, content, best_answer, llm_answer, score, best_attempt,
          attempts, passed, model, submitted_at, validated_at, stop_reason)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (question_id) DO UPDATE SET title = EXCLUDED.title, content = EXCLUDED.content,
          best_answer = EXCLUDED.best_answer, llm_answer = EXCLUDED.llm_answer, score = EXCLUDED.score,
          best_attempt = EXCLUDED.best_attempt, attempts = EXCLUDED.attempts, passed = EXCLUDED.passed,
          model = EXCLUDED.model, submitted_at = EXCLUDED.submitted_at, validated_at = EXCLUDED.validated_at,
          stop_reason = EXCLUDED.stop_reason
      WHERE EXCLUDED.validated_at > answers.questions.validated_at""";
    static final String INSERT_ATTEMPT = """
      INSERT INTO answers.attempts (question_id, attempt, score, metric, answer, model, latency_ms, overload_retries,
          quota_retries, generated_at, scored_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (question_id, attempt) DO NOTHING""";
    static final String INSERT_DEAD_LETTER = """
      INSERT INTO answers.dead_letters (question_id, attempt, error_class, reason, original_topic, original_partition,
          original_offset, exception, payload, dead_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (original_topic, original_partition, original_offset) DO NOTHING""";
    static final String INSERT_RETRY = """
      INSERT INTO answers.retries (question_id, attempt, overload_retries, quota_retries, deferrals, kind, error_class,
          reason, failed_at, due_at, retry_topic, retry_partition, retry_offset)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (question_id, attempt, overload_retries, quota_retries, deferrals) DO NOTHING""";
    static final String RECORD_HIT = "UPDATE answers.questions SET hit_count = hit_count + 1 WHERE question_id = ?";

    private final DataSource dataSource;

    public AnswersStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Writes the whole batch in one transaction: all of it or, on an exception, none of it. */
    public void write(StorageBatch batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeQuestions(c, batch);
                writeAttempts(c, batch);
                writeDeadLetters(c, batch);
                writeRetries(c, batch);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Counts one more time the gateway answered {@code questionId} from storage.
     *
     * @return false when no result is stored for the question (nothing counted)
     */
    public boolean recordHit(String questionId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(RECORD_HIT)) {
            s.setString(1, questionId);
            return s.executeUpdate() == 1;
        }
    }

    private static void writeQuestions(Connection c, StorageBatch batch) throws SQLException {
        if (batch.validated().isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(UPSERT_QUESTION)) {
            for (ValidatedAnswer v : batch.validated()) {
                s.setString(1, text(v.questionId()));
                s.setString(2, text(v.title()));
                s.setString(3, text(v.content()));
                s.setString(4, text(v.bestAnswer()));
                s.setString(5, text(v.answer()));
                s.setDouble(6, v.score());
                s.setInt(7, v.bestAttempt());
                s.setInt(8, v.attempts());
                s.setBoolean(9, v.passed());
                s.setString(10, text(v.model()));
                time(s, 11, v.submittedAt());
                time(s, 12, v.validatedAt());
                s.setString(13, text(v.stopReason()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void writeAttempts(Connection c, StorageBatch batch) throws SQLException {
        if (batch.scored().isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_ATTEMPT)) {
            for (ScoredAttempt a : batch.scored()) {
                s.setString(1, text(a.questionId()));
                s.setInt(2, a.attempt());
                s.setDouble(3, a.score());
                s.setString(4, text(a.metric()));
                s.setString(5, text(a.answer()));
                s.setString(6, text(a.model()));
                s.setLong(7, a.latencyMs());
                s.setInt(8, a.overloadRetries());
                s.setInt(9, a.quotaRetries());
                time(s, 10, a.generatedAt());
                time(s, 11, a.scoredAt());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void writeDeadLetters(Connection c, StorageBatch batch) throws SQLException {
        if (batch.deadLetters().isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_DEAD_LETTER)) {
            for (DeadLetter d : batch.deadLetters()) {
                s.setString(1, text(d.questionId()));
                s.setInt(2, d.attempt());
                s.setString(3, text(d.errorClass()));
                s.setString(4, text(d.reason()));
                s.setString(5, text(d.originalTopic()));
                s.setInt(6, d.originalPartition());
                s.setLong(7, d.originalOffset());
                s.setString(8, d.exception() == null ? null : text(d.exception()));
                s.setString(9, d.payload() == null ? null : text(d.payload()));
                time(s, 10, d.at());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void writeRetries(Connection c, StorageBatch batch) throws SQLException {
        if (batch.retries().isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_RETRY)) {
            for (RetryNotice r : batch.retries()) {
                s.setString(1, text(r.questionId()));
                s.setInt(2, r.attempt());
                s.setInt(3, r.overloadRetries());
                s.setInt(4, r.quotaRetries());
                s.setInt(5, r.deferrals());
                s.setString(6, text(r.kind()));
                s.setString(7, text(r.errorClass()));
                s.setString(8, text(r.reason()));
                time(s, 9, r.failedAt());
                time(s, 10, r.dueAt());
                s.setString(11, text(r.topic()));
                s.setInt(12, r.partition());
                s.setLong(13, r.offset());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * PostgreSQL text cannot hold NUL; one in an LLM answer would fail the batch on every retry and
     * stall the consumer, so it is dropped. Null becomes empty for the NOT NULL columns.
     */
    static String text(String value) {
        return value == null ? "" : value.replace("\u0000", "");
    }

    /**
     * Times outside years 1-9999 come only from a broken or hostile producer (a JSON Instant reaches
     * year 1,000,000,000; PostgreSQL stops at 294276) and would fail the batch on every retry, so,
     * like NUL in text, they are not stored: the column stays empty.
     */
    private static final Instant FIRST_STORABLE = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LAST_STORABLE = Instant.parse("9999-12-31T23:59:59.999999Z");

    private static void time(PreparedStatement s, int index, Instant at) throws SQLException {
        if (at == null || at.isBefore(FIRST_STORABLE) || at.isAfter(LAST_STORABLE)) {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            // an explicit offset, so the JVM's time zone never shifts the stored instant
            s.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        }
    }
}
