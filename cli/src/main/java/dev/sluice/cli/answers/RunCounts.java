package dev.sluice.cli.answers;

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
public record RunCounts(long validated, long passed, long dead, long attempts, long regenerating, long regenerations,
    int maxAttempt, double meanFirst, double meanFinal, long p50, long p95) {

  public long done() {
    return validated + dead;
  }

  public static RunCounts read(DataSource db, String run) throws SQLException {
    String like = run + "-%";
    try (Connection c = db.getConnection()) {
      long validated = one(c, "SELECT count(*) FROM answers.questions WHERE question_id LIKE ?", like);
      long passed = one(c, "SELECT count(*) FROM answers.questions WHERE passed AND question_id LIKE ?", like);
      long dead = one(c, "SELECT count(DISTINCT d.question_id) FROM answers.dead_letters d WHERE d.question_id LIKE ? "
          + "AND NOT EXISTS (SELECT 1 FROM answers.questions q WHERE q.question_id = d.question_id)", like);
      long attempts = one(c, "SELECT count(*) FROM answers.attempts WHERE question_id LIKE ?", like);
      long regenerations = one(c, "SELECT count(*) FROM answers.attempts WHERE attempt > 1 AND question_id LIKE ?", like);
      long regenerating = one(c, "SELECT count(DISTINCT a.question_id) FROM answers.attempts a WHERE a.question_id LIKE ? "
          + "AND NOT EXISTS (SELECT 1 FROM answers.questions q WHERE q.question_id = a.question_id) "
          + "AND NOT EXISTS (SELECT 1 FROM answers.dead_letters d WHERE d.question_id = a.question_id)", like);
      long maxAttempt = one(c, "SELECT coalesce(max(attempt), 0) FROM answers.attempts WHERE question_id LIKE ?", like);
      double meanFirst = dbl(c, "SELECT coalesce(avg(score), 0) FROM answers.attempts WHERE attempt = 1 AND question_id LIKE ?", like);
      double meanFinal = dbl(c, "SELECT coalesce(avg(score), 0) FROM answers.questions WHERE question_id LIKE ?", like);
      long p50 = one(c, "SELECT coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000), 0)::bigint "
          + "FROM answers.questions WHERE question_id LIKE ?", like);
      long p95 = one(c, "SELECT coalesce(percentile_disc(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM validated_at - submitted_at) * 1000), 0)::bigint "
          + "FROM answers.questions WHERE question_id LIKE ?", like);
      return new RunCounts(validated, passed, dead, attempts, regenerating, regenerations, (int) maxAttempt, meanFirst, meanFinal, p50, p95);
    }
  }

  static long one(Connection c, String sql, String like) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, like);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  static double dbl(Connection c, String sql, String like) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, like);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getDouble(1);
      }
    }
  }
}
