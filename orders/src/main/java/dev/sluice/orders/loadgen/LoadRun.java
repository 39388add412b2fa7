package dev.sluice.orders.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.orders.datasets.Catalogue;
import dev.sluice.orders.datasets.Product;
import dev.sluice.orders.notify.SentEmails;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.platform.config.Secret;
import dev.sluice.platform.kafka.Json;
import dev.sluice.platform.kafka.KafkaClients;
import dev.sluice.platform.service.ThreadNice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One load test against a running orders system (a {@link Target}): places orders from a catalogue over real
 * HTTP ({@code POST /orders}, JDK HttpClient, at most {@code concurrency} requests in flight),
 * either paced at a steady rate or all submitted at once (a burst), then waits until every accepted
 * order is {@code finalizado} and its four e-mails are sent, and measures what happened. Counts are
 * taken from what really arrived on {@code orders.status} and in the mailbox, never assumed.
 */
public final class LoadRun {
    public enum Scenario {
        STEADY,
        BURST
    }

    /**
     * How the load generator behaves as a client. {@code nice} (0 to 19) lowers the CPU priority of
     * its own threads (the HTTP client and its senders), standing in for clients on other machines
     * when the load runs on the machine it measures; 0 leaves it as is. {@code idempotencyKeys}: each
     * POST carries an {@code Idempotency-Key} (unique per order and run), as a client that retries
     * safely sends, so the run shows what keeping the keys costs.
     */
    public record Client(int nice, boolean idempotencyKeys) {
        /** Normal priority, no keys. */
        public static final Client DEFAULT = new Client(0, false);

        public Client {
            if (nice < 0 || nice > 19) {
                throw new IllegalArgumentException("--client-nice: 0 (unchanged) to 19 (lowest priority), was " + nice);
            }
        }
    }

    /** What to run: {@code rate} is ignored for a burst. */
    public record Plan(Scenario scenario, int orders, double rate, int concurrency, long seed, Client client) {
        /** With the {@link Client#DEFAULT} client. */
        public Plan(Scenario scenario, int orders, double rate, int concurrency, long seed) {
            this(scenario, orders, rate, concurrency, seed, Client.DEFAULT);
        }

        public Plan {
            Objects.requireNonNull(client, "client");
            if (scenario == Scenario.STEADY && rate <= 0) {
                throw new IllegalArgumentException("--rate must be more than 0 orders/s for --scenario steady");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be 1 or more");
            }
        }
    }

    /**
     * What the load runs against: the orders API ({@code POST} goes to {@code orders}), Kafka to
     * watch {@code orders.status}, the configured state delays, the partition count (for the
     * report), the e-mail read model, and the API key the POSTs carry when the API requires one.
     */
    public record Target(
            URI orders,
            KafkaClients clients,
            StateDelays delays,
            int partitions,
            SentEmails emails,
            Optional<Secret> apiKey) {
        public Target {
            Objects.requireNonNull(apiKey, "apiKey (Optional.empty() for none)");
        }

        public Target(URI orders, KafkaClients clients, StateDelays delays, int partitions, SentEmails emails) {
            this(orders, clients, delays, partitions, emails, Optional.empty());
        }
    }

    /** Told every 200 ms how many orders finalized and how many were posted (accepted or refused) so far. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (finalized, posted) -> {};

        void update(long finalized, long posted);
    }

    private final Target target;
    private final Catalogue catalogue;
    private final Plan plan;
    private final Progress progress;

    public LoadRun(Target target, Catalogue catalogue, Plan plan, Progress progress) {
        this.target = target;
        this.catalogue = catalogue;
        this.plan = plan;
        this.progress = progress;
    }

    public LoadResult run() throws Exception {
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        Map<Long, Long> postedAt = new ConcurrentHashMap<>();
        Histogram postLatency = new ConcurrentHistogram(3);
        PerSecond sent = new PerSecond();
        PerSecond accepted = new PerSecond();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.currentTimeMillis();
        StateDelays delays = target.delays();
        try (StatusWatcher watcher = new StatusWatcher(target.clients(), id -> true).start()) {
            Thread poster = new Thread(
                    () -> {
                        // Linux threads inherit their creator's nice value: the HTTP client's selector
                        // and the sender pool, both started from this thread, run at it as well.
                        ThreadNice.lower(plan.client().nice());
                        post(ids, postedAt, postLatency, sent, accepted, errors, firstError, start);
                    },
                    "orders-load-poster");
            poster.start();
            long postingDone = Long.MAX_VALUE;
            long deadline = Long.MAX_VALUE;
            while (true) {
                long finalized = finalizedOf(watcher, ids);
                progress.update(finalized, ids.size() + errors.get());
                if (!poster.isAlive() && postingDone == Long.MAX_VALUE) {
                    postingDone = System.currentTimeMillis();
                    // Three delays, plus time for the pipeline to drain a burst, plus slack.
                    deadline = postingDone + total(delays).toMillis() + 60_000 + ids.size() * 20L;
                }
                if (postingDone != Long.MAX_VALUE
                        && (finalized >= ids.size() || System.currentTimeMillis() > deadline)) {
                    break;
                }
                LockSupport.parkNanos(200_000_000L);
            }
            // The notifier runs a little behind the processor: wait for the last e-mails (cheap count in
            // PostgreSQL), then count the mailbox once.
            long mailDeadline = System.currentTimeMillis() + 30_000 + ids.size() * 5L;
            while (System.currentTimeMillis() < mailDeadline
                    && target.emails().sentRows(ids) < 4L * finalizedOf(watcher, ids)) {
                LockSupport.parkNanos(250_000_000L);
            }
            long mailsDone = System.currentTimeMillis();
            SentEmails.Count mails = target.emails().count(ids);
            PerSecond emailsPerSecond = new PerSecond();
            for (long t : target.emails().sentTimes(ids)) {
                emailsPerSecond.add(t - start);
            }
            progress.update(finalizedOf(watcher, ids), ids.size() + errors.get());
            return result(
                    watcher,
                    ids,
                    postedAt,
                    postLatency,
                    sent,
                    accepted,
                    errors.get(),
                    firstError.get(),
                    mails,
                    emailsPerSecond,
                    start,
                    postingDone,
                    mailsDone);
        }
    }

    private static long finalizedOf(StatusWatcher watcher, Set<Long> ids) {
        long n = 0;
        for (long id : ids) {
            long[] t = watcher.times.get(id);
            if (t != null && t[3] >= 0) {
                n++;
            }
        }
        return n;
    }

    private static Duration total(StateDelays d) {
        return d.recibido().plus(d.preparando()).plus(d.entregando());
    }

    /** Places the orders: paced for a steady load, all submitted at once for a burst; latency in microseconds. */
    private void post(
            Set<Long> ids,
            Map<Long, Long> postedAt,
            Histogram latency,
            PerSecond sent,
            PerSecond accepted,
            AtomicLong errors,
            AtomicReference<String> firstError,
            long start) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        URI uri = target.orders();
        String run = UUID.randomUUID().toString(); // keys unique across runs on the same database
        ExecutorService pool = Executors.newFixedThreadPool(plan.concurrency());
        try {
            List<Future<?>> done = new ArrayList<>(plan.orders());
            long t0 = System.nanoTime();
            long interval = plan.scenario() == Scenario.STEADY ? (long) (1e9 / plan.rate()) : 0;
            for (int i = 0; i < plan.orders(); i++) {
                long wait = t0 + i * interval - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the load generator
                }
                int n = i;
                done.add(pool.submit(() -> {
                    Product p = catalogue.get(plan.seed() + n);
                    String body = Json.mapper()
                            .writeValueAsString(Map.of(
                                    "nombre",
                                    p.nombre(),
                                    "precio",
                                    p.precio(),
                                    "correo",
                                    "cliente" + n + "@correo.cl"));
                    long wall = System.currentTimeMillis();
                    sent.add(wall - start);
                    long began = System.nanoTime();
                    try {
                        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body));
                        target.apiKey().ifPresent(k -> request.header("Authorization", "Bearer " + k.reveal()));
                        if (plan.client().idempotencyKeys()) {
                            request.header("Idempotency-Key", "\"" + run + "-" + n + "\"");
                        }
                        HttpResponse<String> response =
                                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        latency.recordValue((System.nanoTime() - began) / 1000);
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException(
                                    "POST /orders answered " + response.statusCode() + ": " + response.body());
                        }
                        JsonNode order = Json.mapper().readTree(response.body());
                        long id = order.get("id").asLong();
                        postedAt.put(id, wall);
                        ids.add(id);
                        accepted.add(System.currentTimeMillis() - start);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            firstError.compareAndSet(null, e.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private LoadResult result(
            StatusWatcher watcher,
            Set<Long> ids,
            Map<Long, Long> postedAt,
            Histogram postLatency,
            PerSecond sent,
            PerSecond accepted,
            long errors,
            String firstError,
            SentEmails.Count mails,
            PerSecond emailsPerSecond,
            long start,
            long postingDone,
            long mailsDone) {
        Histogram completion = new Histogram(3);
        Histogram lagAll = new Histogram(3);
        Histogram schedulerLag = new Histogram(3);
        Histogram handoff = new Histogram(3);
        List<Histogram> lag = List.of(new Histogram(3), new Histogram(3), new Histogram(3));
        PerSecond finalizedPerSecond = new PerSecond();
        StateDelays delays = target.delays();
        List<Duration> inState = List.of(delays.recibido(), delays.preparando(), delays.entregando());
        long finalized = 0;
        long lastFinalized = 0;
        for (long id : ids) {
            long[] t = watcher.times.get(id);
            if (t == null) {
                continue;
            }
            if (t[3] >= 0) {
                finalized++;
                finalizedPerSecond.add(t[3] - start);
                lastFinalized = Math.max(lastFinalized, t[3]);
                completion.recordValue(Math.max(0, t[3] - postedAt.get(id)));
            }
            for (int s = 1; s < 4; s++) {
                if (t[s] >= 0 && t[s - 1] >= 0) {
                    long v = Math.max(0, t[s] - t[s - 1] - inState.get(s - 1).toMillis());
                    lag.get(s - 1).recordValue(v);
                    lagAll.recordValue(v);
                }
                long[] a = watcher.advances.get(id);
                if (a != null && t[s] >= 0 && a[2 * (s - 1)] >= 0) {
                    schedulerLag.recordValue(Math.max(0, a[2 * (s - 1) + 1] - a[2 * (s - 1)]));
                    handoff.recordValue(Math.max(0, t[s] - a[2 * (s - 1) + 1]));
                }
            }
        }
        return new LoadResult(
                plan,
                catalogue.name(),
                delays.recibido(),
                target.partitions(),
                plan.orders(),
                ids.size(),
                errors,
                firstError,
                finalized,
                mails.total(),
                mails.total() - mails.distinct(),
                watcher.duplicates.get(),
                postLatency,
                completion,
                lag,
                lagAll,
                schedulerLag,
                handoff,
                sent,
                accepted,
                finalizedPerSecond,
                emailsPerSecond,
                (postingDone - start) / 1000.0,
                (System.currentTimeMillis() - start) / 1000.0,
                lastFinalized == 0
                        ? 0
                        : Math.max(
                                0,
                                lastFinalized
                                        - postingDone
                                        - 3 * delays.recibido().toMillis()),
                Math.max(0, mailsDone - postingDone - 3 * delays.recibido().toMillis()));
    }
}
