package dev.sluice.cli.chaos;

import dev.sluice.cli.cluster.ClusterLayout;
import dev.sluice.platform.kafka.KafkaClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The fuzz phase of a chaos run ({@code --fuzz}): while the workload and the faults go on, malformed
 * and hostile bodies at the application's API (broken and mistyped JSON, deep nesting, huge numbers,
 * control characters, header injection in e-mail fields, bodies over the size limit), four a second,
 * and a garbage record on its input topic every second, keyed {@code fuzz-<run>-<n>}. Every request
 * must get a 4xx; every garbage record must reach the dead-letter topic with its key; and the
 * workload's checker must still find nothing lost or doubled.
 */
final class Fuzzer implements AutoCloseable {
    private final String app;
    private final ClusterLayout layout;
    private final String prefix = "fuzz-" + System.currentTimeMillis() / 1000 + "-";
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "chaos-fuzz");
        t.setDaemon(true);
        return t;
    });
    private final KafkaClients clients;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Random random = new Random(11);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong not4xx = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final List<String> surprises = java.util.Collections.synchronizedList(new ArrayList<>());

    Fuzzer(String app, ClusterLayout layout) {
        this.app = app;
        this.layout = layout;
        this.clients = new KafkaClients(Map.of("bootstrap.servers", layout.bootstrapServers()));
        this.producer = clients.bytesProducer();
    }

    /** The bad bodies: each must be refused with a 4xx naming what is wrong. */
    List<String> bodies() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        String huge = "x".repeat(2 * 1024 * 1024);
        if (app.equals("answers")) {
            return List.of(
                    "{",
                    "[]",
                    "{\"title\": 12}",
                    "{\"title\": {\"a\": [1, 2]}}",
                    "{\"id\": \"a b/../c\", \"title\": \"Why?\"}",
                    "{\"title\": \"\"}",
                    "{\"title\": \"Why?\", \"unknown\": 1}",
                    deep,
                    "{\"title\": \"" + huge + "\"}",
                    "{\"title\": \"Why?\", \"content\": 1e999999}");
        }
        return List.of(
                "{",
                "[]",
                "{\"nombre\": 1, \"precio\": \"mil\", \"correo\": \"a@b.co\"}",
                "{\"nombre\": \"x\", \"precio\": 1e999999, \"correo\": \"a@b.co\"}",
                "{\"nombre\": \"x\", \"precio\": -5, \"correo\": \"a@b.co\"}",
                "{\"nombre\": \"x\\u0000y\", \"precio\": 5, \"correo\": \"a@b.co\"}",
                "{\"nombre\": \"x\", \"precio\": 5, \"correo\": \"a@b.co\\r\\nBcc: all@evil.example\"}",
                "{\"nombre\": \"x\", \"precio\": 5, \"correo\": \"not-an-address\"}",
                deep,
                "{\"nombre\": \"" + huge + "\", \"precio\": 5, \"correo\": \"a@b.co\"}");
    }

    private String endpoint() {
        return app.equals("answers") ? layout.gatewayUrl() + "/api/questions" : layout.ordersUrl() + "/orders";
    }

    private String inputTopic() {
        return app.equals("answers") ? "questions.pending" : "orders.requested";
    }

    private String deadLetterTopic() {
        return app.equals("answers") ? "questions.dlq" : "orders.dlq";
    }

    void start() {
        List<String> bodies = bodies();
        timers.scheduleAtFixedRate(
                () -> {
                    String body = bodies.get((int) (sent.getAndIncrement() % bodies.size()));
                    try {
                        HttpResponse<String> r = http.send(
                                HttpRequest.newBuilder(URI.create(endpoint()))
                                        .timeout(Duration.ofSeconds(10))
                                        .header("content-type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        answered.incrementAndGet();
                        if (r.statusCode() < 400 || r.statusCode() >= 500) {
                            // a 5xx while a fault is on is the fault's, not the input's: only 2xx/3xx are surprises
                            if (r.statusCode() < 400) {
                                not4xx.incrementAndGet();
                                surprises.add(
                                        r.statusCode() + " for " + body.substring(0, Math.min(80, body.length())));
                            }
                        }
                    } catch (Exception e) {
                        // refused during a fault, or the server closed a connection on a body over its limit
                    }
                },
                0,
                250,
                TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(
                () -> {
                    byte[] garbage = new byte[1 + random.nextInt(64)];
                    random.nextBytes(garbage);
                    String key = prefix + records.get();
                    try {
                        producer.send(new ProducerRecord<>(inputTopic(), key.getBytes(StandardCharsets.UTF_8), garbage))
                                .get(30, TimeUnit.SECONDS);
                        records.incrementAndGet();
                    } catch (Exception e) {
                        // not acknowledged (a broker fault): not counted, so not expected in the DLQ
                    }
                },
                500,
                1000,
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        timers.shutdownNow();
    }

    /** Reads the dead-letter topic (read_committed) for this run's garbage keys, waiting up to {@code wait} for all. */
    Map<String, Object> check(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long dead = 0;
        while (true) {
            dead = deadLettered();
            if (dead >= records.get() || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fuzz_requests", answered.get());
        out.put("fuzz_requests_accepted", not4xx.get());
        out.put("fuzz_records", records.get());
        out.put("fuzz_dead_lettered", dead);
        out.put("fuzz_missing_from_dlq", Math.max(0, records.get() - dead));
        if (!surprises.isEmpty()) {
            out.put("fuzz_surprises", List.copyOf(surprises.subList(0, Math.min(5, surprises.size()))));
        }
        return out;
    }

    /** Distinct garbage keys of this run on the dead-letter topic. */
    private long deadLettered() {
        java.util.Set<String> keys = new java.util.HashSet<>();
        Map<String, Object> props = clients.consumerProps("chaos-fuzz-check-" + System.nanoTime(), true);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(deadLetterTopic())
                    .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(prefix)) {
                        keys.add(key);
                    }
                }
            }
        }
        return keys.size();
    }

    @Override
    public void close() {
        stop();
        producer.close(Duration.ofSeconds(5));
    }
}
