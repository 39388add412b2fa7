package dev.sluice.answers.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>A POST holds no request thread while it waits: its questions join the other POSTs of the
 * moment in one micro-batch ({@link MicroBatcher}: one statement per step for the whole batch, the
 * claim one multi-row {@code INSERT ... ON CONFLICT}), and its response is written when Kafka has
 * acknowledged every question it claimed. So one question per POST costs about as little database
 * work as a batch POST, and the 202 still means the question is in Kafka.
 */
public final class GatewayRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayRoutes.class);

    private final QuestionStore store;
    private final AnswerCache<String, StoredAnswer> cache;
    private final QuestionPublisher publisher;
    private final Clock clock;
    private final ObjectMapper mapper = JsonBodies.strict(HttpApp.mapper());
    private final ObjectReader questionReader = mapper.readerFor(QuestionRequest.class);
    private final ObjectReader batchReader = mapper.readerFor(BatchRequest.class);
    /**
     * The gateway's own threads: the micro-batches' database work, status look-ups, releases and the
     * responses' completion, so neither Jetty's request threads nor the producer's network thread
     * wait on the database. Idle threads end, so the gateway needs no closing.
     */
    private final ExecutorService executor = gatewayThreads();
    /** POSTs of the moment, claimed together (see {@link #claimBatch}). */
    private final MicroBatcher<List<QuestionRequest>, List<Decision>> claims =
            new MicroBatcher<>("gateway claims", MAX_POSTS_PER_BATCH, executor, this::claimBatch);
    /** Acknowledged questions, marked published together. */
    private final MicroBatcher<String, Void> marks =
            new MicroBatcher<>("gateway marks", 1_000, executor, this::markBatch);
    /** Most POSTs in one claim batch: each may hold up to {@link BatchRequest#MAX_QUESTIONS}. */
    private static final int MAX_POSTS_PER_BATCH = 64;
    /** Longest wait for one acknowledgement; the publisher's own timeout normally ends it first. */
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(60);

    public GatewayRoutes(
            QuestionStore store, AnswerCache<String, StoredAnswer> cache, QuestionPublisher publisher, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static ExecutorService gatewayThreads() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "gateway-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
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
        JsonNode tree = mapper.readTree(ctx.bodyAsBytes());
        if (tree == null || !tree.isObject()) {
            throw new BadRequest(
                    "the request body must be a JSON object: {\"title\":\"...\"} or {\"questions\":[{\"title\":\"...\"}]}");
        }
        if (tree.has("questions")) {
            BatchRequest batch = batchReader.readValue(tree);
            // 202: the batch as a whole was accepted; each item's status says queued or validated.
            ctx.future(() -> submitAll(batch.questions())
                    .thenAccept(results -> ctx.status(202).json(Map.of("questions", results))));
        } else {
            QuestionRequest question = questionReader.readValue(tree);
            ctx.future(() -> submitAll(List.of(question)).thenAccept(results -> {
                SubmitResult result = results.get(0);
                ctx.status(result.httpStatus())
                        .header("Location", result.statusUrl())
                        .json(result);
            }));
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

    /**
     * The questions of one POST through count → cache → database → claim (with the other POSTs of
     * the moment, see {@link #claimBatch}) → publish. The future completes, on the gateway's own
     * threads, once every question this POST claimed is acknowledged by Kafka, so a 202 still means
     * the question is in Kafka; no request thread waits meanwhile. It fails with a 503 when the
     * database failed or any publish did: a resend is safe, as the questions already queued are
     * recognised as in flight and not published again.
     */
    CompletableFuture<List<SubmitResult>> submitAll(List<QuestionRequest> questions) {
        return claims.submit(questions).thenComposeAsync(this::settle, executor);
    }

    /**
     * What the claim step decided for one question: answered ({@code result} set, nothing to wait
     * for), queued ({@code result} set, in Kafka once {@code queued} completes) or held by another
     * call ({@code result} null: its status is looked up).
     */
    private record Decision(String id, SubmitResult result, CompletableFuture<Void> queued) {}

    /** Looks up the held questions' status and waits for the acknowledgements of the queued ones. */
    private CompletableFuture<List<SubmitResult>> settle(List<Decision> decisions) {
        SubmitResult[] results = new SubmitResult[decisions.size()];
        Map<String, CompletableFuture<Void>> queued = new LinkedHashMap<>();
        for (int i = 0; i < results.length; i++) {
            Decision d = decisions.get(i);
            if (d.result() == null) {
                String status = database(() -> store.status(d.id()))
                        .map(QuestionStatus::status)
                        .orElse(QuestionStatus.QUEUED);
                results[i] = SubmitResult.accepted(d.id(), status);
            } else {
                results[i] = d.result();
                if (d.queued() != null) {
                    queued.put(d.id(), d.queued());
                }
            }
        }
        if (queued.isEmpty()) {
            return CompletableFuture.completedFuture(List.of(results));
        }
        return CompletableFuture.allOf(queued.values().toArray(CompletableFuture[]::new))
                .handleAsync(
                        (ignored, error) -> {
                            if (error == null) {
                                return List.of(results);
                            }
                            long failed = queued.values().stream()
                                    .filter(CompletableFuture::isCompletedExceptionally)
                                    .count();
                            throw publishFailed(failed, queued.size(), List.copyOf(queued.keySet()));
                        },
                        executor);
    }

    /**
     * One micro-batch of POSTs (each a list of questions), in one statement per step whatever the
     * number of questions: count every arrival, look the cache misses up in storage, count the hits,
     * claim the rest in one multi-row {@code INSERT ... ON CONFLICT} (the de-duplication point, as
     * before), and start the claimed questions' publishes. A question asked more than once in the
     * batch is decided once: its other arrivals share the first one's answer or publish.
     */
    private List<List<Decision>> claimBatch(List<List<QuestionRequest>> requests) {
        Instant now = clock.instant();
        Map<String, Integer> arrivals = new LinkedHashMap<>();
        Map<String, QuestionRequest> distinct = new LinkedHashMap<>();
        for (List<QuestionRequest> request : requests) {
            for (QuestionRequest q : request) {
                arrivals.merge(q.id(), 1, Integer::sum);
                distinct.putIfAbsent(q.id(), q);
            }
        }
        // Counted before anything else, so a hit, a new question and one in flight all count, and a
        // question is counted before its result row exists.
        Map<String, Long> asked = database(() -> store.recordAsked(arrivals, now));

        Map<String, StoredAnswer> answers = new HashMap<>();
        List<String> lookups = new ArrayList<>();
        for (String id : distinct.keySet()) {
            cache.get(id).ifPresentOrElse(a -> answers.put(id, a), () -> lookups.add(id));
        }
        Map<String, StoredAnswer> stored = database(() -> store.findAnswers(lookups));
        stored.forEach(cache::put);
        answers.putAll(stored);
        Map<String, Integer> hits = new LinkedHashMap<>();
        answers.keySet().forEach(id -> hits.put(id, arrivals.get(id)));
        Map<String, Long> hitCounts = database(() -> store.recordHits(hits));

        Map<String, SubmitResult> answered = new HashMap<>();
        List<QuestionRequest> toClaim = new ArrayList<>();
        for (QuestionRequest q : distinct.values()) {
            String id = q.id();
            StoredAnswer answer = answers.get(id);
            long askedCount = asked.getOrDefault(id, 0L);
            Long hitCount = hitCounts.get(id);
            if (answer != null && hitCount != null) {
                answered.put(id, SubmitResult.answered(answer.withCounts(hitCount, askedCount)));
            } else if (answer != null && stored.containsKey(id)) {
                // read from storage a moment ago; its row went before the hit was counted
                answered.put(id, SubmitResult.answered(answer.withCounts(answer.hitCount(), askedCount)));
            } else {
                if (answer != null) {
                    // The row is gone (a fresh database): the cache must not answer for it any more.
                    cache.invalidate(id);
                }
                toClaim.add(q);
            }
        }
        Map<String, Instant> claimed = database(() -> store.claimAll(toClaim, now));
        Map<String, CompletableFuture<Void>> queued = new HashMap<>();
        for (QuestionRequest q : toClaim) {
            Instant submittedAt = claimed.get(q.id());
            if (submittedAt != null) {
                queued.put(
                        q.id(),
                        publish(
                                QuestionTask.first(q.id(), q.title(), q.content(), q.bestAnswer(), submittedAt),
                                false));
            }
        }

        List<List<Decision>> decisions = new ArrayList<>(requests.size());
        for (List<QuestionRequest> request : requests) {
            List<Decision> forRequest = new ArrayList<>(request.size());
            for (QuestionRequest q : request) {
                String id = q.id();
                CompletableFuture<Void> publish = queued.get(id);
                if (answered.containsKey(id)) {
                    forRequest.add(new Decision(id, answered.get(id), null));
                } else if (publish != null) {
                    forRequest.add(new Decision(id, SubmitResult.accepted(id, QuestionStatus.QUEUED), publish));
                } else {
                    forRequest.add(new Decision(id, null, null));
                }
            }
            decisions.add(forRequest);
        }
        return decisions;
    }

    /**
     * Starts one publish. On the acknowledgement the claim is marked published (batched with the
     * others of the moment; a POST does not wait for it: the question is in Kafka, which is what the
     * 202 says, while the sweep does, so it never sweeps a question twice); on
     * a failure the claim is given back first, so the client's resend publishes it. The future
     * completes after that, never on the producer's network thread's time for the database.
     */
    private CompletableFuture<Void> publish(QuestionTask task, boolean waitForMark) {
        CompletableFuture<Void> queued = new CompletableFuture<>();
        CompletableFuture<Void> ack;
        try {
            ack = publisher.publishAsync(task);
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        ack.whenComplete((ignored, error) -> {
            if (error == null) {
                CompletableFuture<Void> marked = marks.submit(task.questionId());
                if (waitForMark) {
                    marked.whenComplete((v, markFailed) -> queued.complete(null));
                } else {
                    queued.complete(null);
                }
            } else {
                executor.execute(() -> {
                    LOG.error("question {} could not be published to questions.pending", task.questionId(), error);
                    release(task.questionId());
                    queued.completeExceptionally(error);
                });
            }
        });
        return queued;
    }

    /** Marks acknowledged questions published, one statement per batch. */
    private List<Void> markBatch(List<String> questionIds) {
        try {
            store.markPublished(questionIds, clock.instant());
        } catch (SQLException e) {
            // The questions are in Kafka, so they are accepted. Their claims stay 'claimed' and, after the
            // lease, a repeat POST (or the sweep) may publish one once more: a duplicate the consumers drop
            // by id and attempt.
            LOG.warn(
                    "{} question(s) published but not marked so; a repeat after the lease may publish them again: {}",
                    questionIds.size(),
                    questionIds.stream().limit(20).toList(),
                    e);
        }
        return java.util.Collections.nCopies(questionIds.size(), null);
    }

    private void release(String questionId) {
        try {
            store.release(questionId);
        } catch (SQLException releaseFailed) {
            // The claim goes stale after the lease and the next POST (or the sweep) takes it over.
            LOG.warn("claim on question {} not released; it expires with the lease", questionId, releaseFailed);
        }
    }

    private static HttpError publishFailed(long failed, int total, List<String> ids) {
        return new HttpError(
                503,
                total == 1
                        ? "question " + ids.get(0) + " could not be queued right now; send it again in a moment"
                        : failed + " of " + total
                                + " questions could not be queued right now; send the batch again in a moment"
                                + " (the ones already queued are not published twice)");
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

    /**
     * Starts every publish, then waits for each: an acknowledged question is marked published; one
     * that failed gives its claim back, so its sender or the next sweep publishes it. Any failure
     * throws a 503.
     */
    private void publishAll(List<QuestionTask> tasks) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(tasks.size());
        for (QuestionTask task : tasks) {
            acks.add(publish(task, true));
        }
        long failed = 0;
        for (CompletableFuture<Void> ack : acks) {
            try {
                ack.get(PUBLISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed++;
            } catch (ExecutionException | TimeoutException e) {
                failed++; // logged and released by publish()
            }
        }
        if (failed > 0) {
            throw publishFailed(
                    failed,
                    tasks.size(),
                    tasks.stream().map(QuestionTask::questionId).toList());
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
