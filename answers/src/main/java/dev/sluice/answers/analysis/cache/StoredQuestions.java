package dev.sluice.answers.analysis.cache;

import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.gateway.QuestionRequest;
import dev.sluice.answers.gateway.StoredAnswer;
import dev.sluice.platform.http.HttpError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The experiment's universe: every distinct question of the dataset that the gateway accepts,
 * stored in {@code answers.questions} as storage stores a final result, so every request is a
 * cache hit or a database hit and never a new question to publish. No LLM is involved: the row's
 * LLM answer is the community's best answer, which gives the rows a real answer's size.
 */
public final class StoredQuestions {
    public static final String MODEL = "none (cache experiment: the stored answer is the community's)";

    private static final String INSERT = """
      INSERT INTO answers.questions (question_id, title, content, best_answer, llm_answer, score, best_attempt,
          attempts, passed, model, submitted_at, validated_at)
      VALUES (?, ?, ?, ?, ?, 1.0, 1, 1, true, ?, ?, ?)""";

    private StoredQuestions() {}

    /** Distinct by id, first occurrence kept; questions the gateway would refuse with a 400 are left out. */
    public static List<QaPair> usable(List<QaPair> pairs) {
        Map<String, QaPair> byId = new LinkedHashMap<>();
        for (QaPair p : pairs) {
            try {
                new QuestionRequest(p.id(), p.title(), p.content(), p.bestAnswer());
            } catch (HttpError refused) {
                continue;
            }
            byId.putIfAbsent(p.id(), p);
        }
        return new ArrayList<>(byId.values());
    }

    public static StoredAnswer answer(QaPair p, Instant at) {
        return new StoredAnswer(
                p.id(),
                p.title(),
                p.content(),
                p.bestAnswer(),
                p.bestAnswer(),
                1.0,
                1,
                1,
                true,
                null,
                MODEL,
                at,
                at,
                0,
                0);
    }

    public static void insert(DataSource db, List<QaPair> pairs, Instant at) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            for (QaPair p : pairs) {
                QuestionRequest q = new QuestionRequest(p.id(), p.title(), p.content(), p.bestAnswer());
                s.setString(1, q.id());
                s.setString(2, q.title());
                s.setString(3, q.content());
                s.setString(4, q.bestAnswer());
                s.setString(5, q.bestAnswer());
                s.setString(6, MODEL);
                s.setTimestamp(7, Timestamp.from(at));
                s.setTimestamp(8, Timestamp.from(at));
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        }
    }
}
