package dev.sluice.answers.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The gateway's SQL. It owns {@code answers.requests} (V2, the in-flight registry) and only reads
 * the storage tables (V1), except for the hit count, which is the gateway's to keep.
 *
 * <p>{@link #claim} is the de-duplication point: one {@code INSERT ... ON CONFLICT} decides which
 * call (of any gateway instance) publishes a question. A claim whose gateway died before the
 * publish was acknowledged goes stale after {@code lease} and may be claimed again, so a crash
 * cannot strand a question; the price is a rare second publish, which every consumer already
 * drops by question id and attempt.
 */
public final class QuestionStore {
  static final String CLAIM = """
      INSERT INTO answers.requests (question_id, title, content, best_answer, status, submitted_at, updated_at)
      VALUES (?, ?, ?, ?, 'claimed', ?, ?)
      ON CONFLICT (question_id) DO UPDATE SET updated_at = EXCLUDED.updated_at
      WHERE answers.requests.status = 'claimed' AND answers.requests.updated_at < ?
      RETURNING submitted_at""";
  static final String MARK_PUBLISHED =
      "UPDATE answers.requests SET status = 'published', updated_at = ? WHERE question_id = ?";
  static final String RELEASE = "DELETE FROM answers.requests WHERE question_id = ? AND status = 'claimed'";
  static final String FIND_ANSWER = """
      SELECT question_id, title, content, best_answer, llm_answer, score, best_attempt, attempts, passed, model,
          submitted_at, validated_at, hit_count
      FROM answers.questions WHERE question_id = ?""";
  static final String RECORD_HIT =
      "UPDATE answers.questions SET hit_count = hit_count + 1 WHERE question_id = ? RETURNING hit_count";
  static final String ATTEMPTS =
      "SELECT attempt, score, latency_ms, model FROM answers.attempts WHERE question_id = ? ORDER BY attempt";
  static final String DEAD_LETTERS =
      "SELECT attempt, error_class, reason FROM answers.dead_letters WHERE question_id = ? ORDER BY attempt, id";
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
      throw new IllegalArgumentException("lease: must be positive (longer than a publish may take), was " + lease);
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
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(CLAIM)) {
      s.setString(1, q.id());
      s.setString(2, q.title());
      s.setString(3, q.content());
      s.setString(4, q.bestAnswer());
      s.setTimestamp(5, Timestamp.from(now));
      s.setTimestamp(6, Timestamp.from(now));
      s.setTimestamp(7, Timestamp.from(now.minus(lease)));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
      }
    }
  }

  /** The publish was acknowledged: the claim is permanent. */
  public void markPublished(String questionId, Instant now) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(MARK_PUBLISHED)) {
      s.setTimestamp(1, Timestamp.from(now));
      s.setString(2, questionId);
      s.executeUpdate();
    }
  }

  /** The publish failed: forget the claim so the client's retry can publish. */
  public void release(String questionId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RELEASE)) {
      s.setString(1, questionId);
      s.executeUpdate();
    }
  }

  public Optional<StoredAnswer> findAnswer(String questionId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return findAnswer(c, questionId);
    }
  }

  /** Counts one more answer from storage; empty when no result is stored (nothing counted). */
  public OptionalLong recordHit(String questionId) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(RECORD_HIT)) {
      s.setString(1, questionId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * Where the question is, read from the storage tables: validated (a result row), dead (a dead
   * letter and no result), regenerating (scored attempts, no result yet), queued (only the
   * gateway's registry knows it); empty when nobody has seen it.
   */
  public Optional<QuestionStatus> status(String questionId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Optional<StoredAnswer> answer = findAnswer(c, questionId);
      List<AttemptView> attempts = attempts(c, questionId);
      List<AttemptView> failures = deadLetters(c, questionId);
      String status;
      if (answer.isPresent()) {
        status = QuestionStatus.VALIDATED;
      } else if (!failures.isEmpty()) {
        status = QuestionStatus.DEAD;
      } else if (!attempts.isEmpty()) {
        status = QuestionStatus.REGENERATING;
      } else if (requested(c, questionId)) {
        status = QuestionStatus.QUEUED;
      } else {
        return Optional.empty();
      }
      List<AttemptView> all = new ArrayList<>(attempts);
      all.addAll(failures);
      all.sort((a, b) -> Integer.compare(a.attempt(), b.attempt()));
      return Optional.of(new QuestionStatus(questionId, status, QuestionStatus.url(questionId), answer.orElse(null), all));
    }
  }

  private static Optional<StoredAnswer> findAnswer(Connection c, String questionId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FIND_ANSWER)) {
      s.setString(1, questionId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredAnswer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getDouble(6), rs.getInt(7), rs.getInt(8), rs.getBoolean(9), rs.getString(10),
            instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)), rs.getLong(13)));
      }
    }
  }

  private static List<AttemptView> attempts(Connection c, String questionId) throws SQLException {
    List<AttemptView> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(ATTEMPTS)) {
      s.setString(1, questionId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new AttemptView(rs.getInt(1), rs.getDouble(2), rs.getLong(3), rs.getString(4), null));
        }
      }
    }
    return out;
  }

  private static List<AttemptView> deadLetters(Connection c, String questionId) throws SQLException {
    List<AttemptView> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(DEAD_LETTERS)) {
      s.setString(1, questionId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new AttemptView(rs.getInt(1), null, null, null, rs.getString(2) + ": " + rs.getString(3)));
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
