package dev.sluice.cli.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The chaos workload's clients: one that POSTs item after item at a constant rate and retries
 * whatever was not acknowledged (connection refused, timeout, 5xx, 409, 429) until it is, so every item is
 * submitted in the end; and one that GETs a random acknowledged item a few times a second and
 * notes when a state it sees is earlier than one it saw before for the same item.
 */
final class HttpDriver implements AutoCloseable {
    private static final Duration RETRY_AFTER = Duration.ofMillis(500);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "chaos-client");
        t.setDaemon(true);
        return t;
    });
    private final RequestLog requests = new RequestLog();
    /** acknowledged item → the id the system gave it (or its own) */
    private final Map<Integer, String> acknowledged = new ConcurrentHashMap<>();

    private final List<String> ackOrder = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> highestSeen = new ConcurrentHashMap<>();
    private final AtomicLong regressions = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean sending;

    /**
     * @param post     builds the POST for item i
     * @param idOf     reads the id from an acknowledging response body
     * @param accepted the status codes that acknowledge an item
     */
    void startPosting(
            double ratePerSecond, IntFunction<HttpRequest> post, Function<String, String> idOf, int... accepted) {
        sending = true;
        long periodMicros = Math.max(1, Math.round(1_000_000 / ratePerSecond));
        timers.scheduleAtFixedRate(
                () -> {
                    if (sending) {
                        int item = (int) sent.getAndIncrement();
                        attempt(item, post, idOf, accepted);
                    }
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
    }

    private void attempt(int item, IntFunction<HttpRequest> post, Function<String, String> idOf, int[] accepted) {
        long at = System.currentTimeMillis();
        http.sendAsync(post.apply(item), HttpResponse.BodyHandlers.ofString()).whenComplete((r, error) -> {
            boolean ok = error == null && java.util.Arrays.stream(accepted).anyMatch(s -> s == r.statusCode());
            requests.record(at, ok);
            if (ok) {
                String id = idOf.apply(r.body());
                if (acknowledged.putIfAbsent(item, id) == null) {
                    ackOrder.add(id);
                }
            } else if (error == null && r.statusCode() >= 400 && r.statusCode() < 500 && !retryLater(r.statusCode())) {
                // the system refused the item itself: a workload bug, not a fault; never retried
                System.err.println("chaos: item " + item + " refused with " + r.statusCode() + ": " + r.body());
            } else {
                timers.schedule(
                        () -> attempt(item, post, idOf, accepted), RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** 409 (the same Idempotency-Key still being stored) and 429 ask the client to come back. */
    private static boolean retryLater(int status) {
        return status == 409 || status == 429;
    }

    /** Every {@code period}, GETs one acknowledged item at random and ranks the state it shows (higher = later). */
    void startSampling(Duration period, Function<String, URI> url, Function<String, Integer> rankOfBody) {
        Random random = new Random(7);
        timers.scheduleAtFixedRate(
                () -> {
                    String id;
                    synchronized (ackOrder) {
                        if (ackOrder.isEmpty()) {
                            return;
                        }
                        id = ackOrder.get(random.nextInt(ackOrder.size()));
                    }
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(url.apply(id))
                                        .timeout(Duration.ofSeconds(3))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            int rank = rankOfBody.apply(r.body());
                            Integer before = highestSeen.merge(id, rank, Math::max);
                            if (rank < before) {
                                regressions.incrementAndGet();
                                System.err.println(
                                        "chaos: " + id + " went back to state rank " + rank + " after " + before);
                            }
                        }
                    } catch (Exception e) {
                        // a GET during a fault may fail: the POST log measures availability
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stopSending() {
        sending = false;
    }

    /** Items sent but not yet acknowledged (still being retried). */
    long pending() {
        return sent.get() - acknowledged.size();
    }

    long acknowledgedCount() {
        return acknowledged.size();
    }

    List<String> acknowledgedIds() {
        synchronized (ackOrder) {
            return List.copyOf(ackOrder);
        }
    }

    RequestLog requests() {
        return requests;
    }

    long regressions() {
        return regressions.get();
    }

    long sampled() {
        return highestSeen.size();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
