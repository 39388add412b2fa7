package dev.sluice.answers.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A stand-in for a paid LLM API on an ephemeral port: answers every POST with one scripted status,
 * headers and body (the providers' real bodies, in the tests), and records what it received.
 */
final class FakeLlmServer implements AutoCloseable {
    record Received(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile Map<String, String> headers = Map.of();
    private volatile String body = "{}";
    private volatile boolean hang;
    private volatile boolean drop;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    FakeLlmServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    FakeLlmServer respond(int status, String body) {
        return respond(status, Map.of(), body);
    }

    FakeLlmServer respond(int status, Map<String, String> headers, String body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        return this;
    }

    /** Never answers until closed: the client's timeout must fire. */
    FakeLlmServer hang() {
        hang = true;
        return this;
    }

    /** Holds every response until {@link #open()}: calls stay in flight without anyone sleeping. */
    FakeLlmServer hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    void open() {
        gate.countDown();
    }

    int receivedCount() {
        return received.size();
    }

    /** Closes the connection without a response, as a crashing server or proxy does. */
    FakeLlmServer drop() {
        drop = true;
        return this;
    }

    Received last() {
        return received.stream().reduce((a, b) -> b).orElseThrow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), requestBody));
        if (hang) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drop || hang) {
            exchange.close();
            return;
        }
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        gate.countDown();
        server.stop(0);
    }
}
