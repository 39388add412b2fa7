package dev.sluice.answers.analysis.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.answers.gateway.QuestionRequest;
import dev.sluice.answers.messages.ValidatedAnswer;
import dev.sluice.platform.http.BadRequest;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.HttpError;
import dev.sluice.platform.http.JsonBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /api/questions} answered synchronously by {@link SyncAnswerService}: the same request
 * body as the pipeline's gateway, but the response is the stored answer (200), or an error once the
 * retries or the deadline ran out (502 fatal, 503 retries spent, 504 deadline), never a 202. Mounted
 * on its own HTTP app by the sync-vs-async experiment, so the load generator's {@code HttpTarget}
 * drives both modes unchanged. Jetty's request thread is held for the whole LLM call and its
 * retries: that is the design being measured.
 */
public final class SyncAnswerRoutes {
    private final SyncAnswerService service;
    private final ObjectMapper mapper = JsonBodies.strict(HttpApp.mapper());

    public SyncAnswerRoutes(SyncAnswerService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/questions", this::post);
    }

    private void post(Context ctx) throws Exception {
        JsonBodies.requireJson(ctx);
        JsonNode tree = mapper.readTree(ctx.bodyAsBytes());
        if (tree == null || !tree.isObject() || tree.has("questions")) {
            throw new BadRequest("the request body must be one question as a JSON object: {\"title\":\"...\"}");
        }
        QuestionRequest q = mapper.treeToValue(tree, QuestionRequest.class);
        ValidatedAnswer answer;
        try {
            answer = service.answer(q);
        } catch (SyncAnswerService.Failure e) {
            throw new HttpError(e.status(), "question " + q.id() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            // the server is stopping with this request still retrying in-line: what a synchronous
            // service does to its callers on shutdown (the request is lost; nothing recorded it)
            Thread.currentThread().interrupt();
            throw new HttpError(503, "question " + q.id() + ": the service is stopping");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", answer.questionId());
        body.put("status", "validated");
        body.put("answer", answer.answer());
        body.put("score", answer.score());
        body.put("passed", answer.passed());
        body.put("attempts", answer.attempts());
        body.put("stopReason", answer.stopReason());
        ctx.status(200).json(body);
    }
}
