package dev.sluice.answers.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.answers.gateway.cache.AnswerCache;
import dev.sluice.answers.gateway.cache.CacheStats;
import dev.sluice.answers.messages.QuestionTask;
import dev.sluice.platform.http.BadRequest;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.HttpError;
import dev.sluice.platform.http.JsonBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers gateway, the pipeline's front door: {@code POST /api/questions} (one question or
 * {@code {"questions":[...]}}) and {@code GET /api/questions/{id}}.
 *
 * <p>A posted question is counted ({@code answers.asked}: every arrival, hit or not), then goes
 * cache → database → publish. An answered question comes back at once
 * (200, the stored result, its hit counted in the database); one already in flight gets 202 with
 * its current status and is not published again; a new one is claimed in {@code answers.requests}
 * and published to {@code questions.pending} (202 + status URL). Only answers are cached: a status
 * changes while a question is in flight, an answer practically never does.
 */
public final class GatewayRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRoutes.class);

    private final QuestionStore store;
    private final AnswerCache<String, StoredAnswer> cache;
    private final QuestionPublisher publisher;
    private final Clock clock;
    private final ObjectMapper mapper = JsonBodies.strict(HttpApp.mapper());
    /** Longest wait for one acknowledgement; the publisher's own timeout normally ends it first. */
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(60);

    public GatewayRoutes(
            QuestionStore store, AnswerCache<String, StoredAnswer> cache, QuestionPublisher publisher, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/questions", this::post);
        routes.get("/api/questions/{id}", this::get);
    }

    public CacheStats cacheStats() {
        return cache.stats();
    }

    /** Publishes the cache's counters ({@code answers.gateway.cache.*}, tagged with the policy) for experiments. */
    public void bindMetrics(MeterRegistry registry) {
        String policy = cache.policy().name().toLowerCase(java.util.Locale.ROOT);
        counter(registry, "hits", "lookups answered from the cache", policy, s -> s.hits());
        counter(registry, "misses", "lookups the cache could not answer", policy, s -> s.misses());
        counter(registry, "evictions", "entries dropped by the policy to make room", policy, s -> s.evictions());
        counter(registry, "expirations", "entries dropped when their TTL ran out", policy, s -> s.expirations());
        Gauge.builder("answers.gateway.cache.size", cache, c -> c.stats().size())
                .description("answers held in the gateway cache")
                .tag("policy", policy)
                .register(registry);
    }

    private void counter(
            MeterRegistry registry,
            String name,
            String description,
            String policy,
            ToDoubleFunction<CacheStats> value) {
        FunctionCounter.builder("answers.gateway.cache." + name, cache, c -> value.applyAsDouble(c.stats()))
                .description(description)
                .tag("policy", policy)
                .register(registry);
    }

    private void post(Context ctx) throws IOException {
        JsonBodies.requireJson(ctx);
        // Read with the platform mapper ourselves: Javalin's bodyAsClass turns a JSON null into a 500.
        byte[] body = ctx.bodyAsBytes();
        JsonNode tree = mapper.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw new BadRequest(
                    "the request body must be a JSON object: {\"title\":\"...\"} or {\"questions\":[{\"title\":\"...\"}]}");
        }
        if (tree.has("questions")) {
            BatchRequest batch = mapper.readValue(body, BatchRequest.class);
            // A failure mid-batch answers 503 for the whole batch; resending it is safe, because the
            // questions already queued are recognised as in flight and not published again.
            // Each question is claimed in turn; the publishes of the claimed ones all start before any is
            // waited for, so a batch costs about one acknowledgement, not one per question.
            List<SubmitResult> results = new ArrayList<>(batch.questions().size());
            List<QuestionTask> toPublish = new ArrayList<>();
            Map<String, Long> asked = countArrivals(batch.questions());
            try {
                for (QuestionRequest q : batch.questions()) {
                    Submission s = claim(q, asked.getOrDefault(q.id(), 0L));
                    results.add(s.result());
                    if (s.task() != null) {
                        toPublish.add(s.task());
                    }
                }
            } catch (RuntimeException claimFailed) {
                // the database failed mid-batch: what was claimed still goes out, so a resend finds it in flight
                try {
                    publishAll(toPublish);
                } catch (RuntimeException publishFailed) {
                    claimFailed.addSuppressed(publishFailed);
                }
                throw claimFailed;
            }
            publishAll(toPublish);
            // 202: the batch as a whole was accepted; each item's status says queued or validated.
            ctx.status(202).json(Map.of("questions", results));
        } else {
            SubmitResult result = submit(mapper.readValue(body, QuestionRequest.class));
            ctx.status(result.httpStatus())
                    .header("Location", result.statusUrl())
                    .json(result);
        }
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        if (!QuestionIds.VALID.matcher(id).matches()) {
            throw BadRequest.field("id", "must be 1-128 letters, digits or . _ : -");
        }
        QuestionStatus status = database(() -> store.status(id))
                .orElseThrow(
                        () -> HttpError.notFound("no question with id '" + id + "'; POST it to /api/questions first"));
        ctx.json(status);
    }

    /** One question through count → cache → database → publish. */
    SubmitResult submit(QuestionRequest q) {
        Submission s = claim(q, countArrivals(List.of(q)).getOrDefault(q.id(), 0L));
        if (s.task() != null) {
            publish(s.task());
        }
        return s.result();
    }

    /** What a POST answers for a question, and the task to publish if it was claimed (null otherwise). */
    private record Submission(SubmitResult result, QuestionTask task) {}

    /**
     * Counts every arrival in {@code answers.asked} before anything else, in one statement for the
     * whole request, so a hit, a new question and one already in flight all count, and a question is
     * counted before its result row exists.
     *
     * @return each question's count after this request
     */
    private Map<String, Long> countArrivals(List<QuestionRequest> questions) {
        Map<String, Integer> arrivals = new java.util.LinkedHashMap<>();
        for (QuestionRequest q : questions) {
            arrivals.merge(q.id(), 1, Integer::sum);
        }
        return database(() -> store.recordAsked(arrivals, clock.instant()));
    }

    /** Cache → database → claim, for a question already counted ({@code asked}: its count); publishing is the caller's. */
    private Submission claim(QuestionRequest q, long asked) {
        String id = q.id();
        Optional<StoredAnswer> cached = cache.get(id);
        if (cached.isPresent()) {
            OptionalLong hits = database(() -> store.recordHit(id));
            if (hits.isPresent()) {
                return new Submission(SubmitResult.answered(cached.get().withCounts(hits.getAsLong(), asked)), null);
            }
            // The row is gone (a fresh database): the cache must not answer for it any more.
            cache.invalidate(id);
        }
        Optional<StoredAnswer> stored = database(() -> store.findAnswer(id));
        if (stored.isPresent()) {
            cache.put(id, stored.get());
            OptionalLong hits = database(() -> store.recordHit(id));
            return new Submission(
                    SubmitResult.answered(
                            stored.get().withCounts(hits.orElse(stored.get().hitCount()), asked)),
                    null);
        }
        Instant now = clock.instant();
        Optional<Instant> claimed = database(() -> store.claim(q, now));
        if (claimed.isEmpty()) {
            String status =
                    database(() -> store.status(id)).map(QuestionStatus::status).orElse(QuestionStatus.QUEUED);
            return new Submission(SubmitResult.accepted(id, status), null);
        }
        return new Submission(
                SubmitResult.accepted(id, QuestionStatus.QUEUED),
                QuestionTask.first(id, q.title(), q.content(), q.bestAnswer(), claimed.get()));
    }

    /**
     * Publishes the questions whose claim went stale (their gateway died between claiming and
     * marking them published, after the client may have been told 202): run on a timer by every
     * gateway, so such a question goes out once the lease is over even if nobody sends it again.
     *
     * @return how many were published
     */
    public int republishStale() {
        List<QuestionTask> stale;
        try {
            stale = store.claimStale(clock.instant(), 500);
        } catch (SQLException e) {
            LOG.warn("could not look for stale claims (the next sweep tries again): {}", e.toString());
            return 0;
        }
        if (stale.isEmpty()) {
            return 0;
        }
        LOG.warn(
                "publishing {} question(s) whose gateway stopped between claiming and publishing them: {}",
                stale.size(),
                stale.stream().map(QuestionTask::questionId).limit(20).toList());
        try {
            publishAll(stale);
            return stale.size();
        } catch (HttpError e) {
            // the failed ones were released; their sender or the next sweep publishes them
            return 0;
        }
    }

    private void publish(QuestionTask task) {
        publishAll(List.of(task));
    }

    /**
     * Starts every publish, then waits for each acknowledgement: an acknowledged question is marked
     * published; one that failed gives its claim back, so a resend publishes it (the others are
     * recognised as in flight and not published twice). Any failure answers 503.
     */
    private void publishAll(List<QuestionTask> tasks) {
        List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>(tasks.size());
        for (QuestionTask task : tasks) {
            acks.add(publisher.publishAsync(task));
        }
        int failed = 0;
        List<String> published = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            QuestionTask task = tasks.get(i);
            try {
                acks.get(i).get(PUBLISH_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                failed++;
                LOG.error("question {} could not be published to questions.pending", task.questionId(), e);
                try {
                    store.release(task.questionId());
                } catch (SQLException releaseFailed) {
                    // The claim goes stale after the lease and the next POST takes it over.
                    LOG.warn(
                            "claim on question {} not released; it expires with the lease",
                            task.questionId(),
                            releaseFailed);
                }
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                continue;
            }
            published.add(task.questionId());
        }
        try {
            store.markPublished(published, clock.instant());
        } catch (SQLException e) {
            // The questions are in Kafka, so they are accepted. Their claims stay 'claimed' and, after the
            // lease, a repeat POST may publish one once more: a duplicate the consumers drop by id and attempt.
            LOG.warn(
                    "questions {} published but not marked so; a repeat after the lease may publish them again",
                    published,
                    e);
        }
        if (failed > 0) {
            throw new HttpError(
                    503,
                    tasks.size() == 1
                            ? "question " + tasks.get(0).questionId()
                                    + " could not be queued right now; send it again in a moment"
                            : failed + " of " + tasks.size()
                                    + " questions could not be queued right now; send the batch again in a moment"
                                    + " (the ones already queued are not published twice)");
        }
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }

    private static <T> T database(Sql<T> call) {
        try {
            return call.run();
        } catch (SQLException e) {
            LOG.error("database call failed (SQLState {})", e.getSQLState(), e);
            throw new HttpError(503, "the database is not available right now; try again in a moment");
        }
    }
}
