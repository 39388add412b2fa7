package dev.sluice.answers.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.answers.llm.LlmHeaders;
import dev.sluice.platform.kafka.Json;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in LLM for the demo, tests and benchmarks: an HTTP server speaking OpenAI's
 * {@code POST /v1/chat/completions}, Ollama's {@code POST /api/chat} and Gemini's
 * {@code POST /v1beta/models/{model}:generateContent} (plus the model lists), so
 * the real clients and their error handling are what gets exercised. It says it is a simulator
 * everywhere it shows: the model is {@value SimulatorSettings#MODEL}, every response carries
 * {@code x-sluice-simulator: true}, and it logs so at start.
 *
 * <p>Per call, in order: over {@code capacity} concurrent calls → 503/429 overload; quota bucket
 * empty → 429 {@code insufficient_quota} with Retry-After; then a seeded fate (fatal 400, empty
 * 200, or an answer near/partial/off the reference, better with each attempt) after a sampled latency.
 *
 * <p>A storm ({@link #storm(Duration)}, or {@code POST /simulator/storm?seconds=N} from another
 * process, as {@code sluice chaos} does) answers every call for that long with 503 overload and
 * 429 quota errors in turn, as a real API does when its region is overloaded.
 *
 * <p>It serves on Jetty's core handler API rather than a web framework: at zero latency the
 * simulator answers about a thousand calls a second inside {@code bench pipeline}, on the same two
 * cores as the pipeline it stands in for, and a profile put much of its cost in the framework's
 * servlet layers.
 * A latency is waited out without holding a server thread.
 */
public final class LlmSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LlmSimulator.class);

    private final SimulatorSettings settings;
    private final ReferenceAnswers references;
    private final Delayer delayer;
    private final Clock clock;
    private final Optional<TokenBucket> quota;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final SimulatorStats stats = new SimulatorStats();
    private volatile long stormUntilMillis;
    private final AtomicLong stormCalls = new AtomicLong();
    /** Largest request body accepted (413 above), as a model server's context limit would. */
    static final long MAX_BODY_BYTES = 1 << 20;
    /** Gemini's native endpoint, {@code POST /v1beta/models/{model}:generateContent}. */
    static final String GEMINI_PATH = "/v1beta/models/";

    private final Server server;
    private final ServerConnector connector;
    private volatile boolean started;

    public LlmSimulator(SimulatorSettings settings, ReferenceAnswers references) {
        this(settings, references, Delayer.REAL, Clock.systemUTC());
    }

    public LlmSimulator(SimulatorSettings settings, ReferenceAnswers references, Delayer delayer, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.references = Objects.requireNonNull(references, "references (ReferenceAnswers.NONE for none)");
        this.delayer = Objects.requireNonNull(delayer, "delayer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.quota = settings.quotaPerSecond() > 0
                ? Optional.of(new TokenBucket(settings.quotaPerSecond(), settings.quotaBurst(), clock))
                : Optional.empty();
        OpenAiWire openAi = new OpenAiWire();
        OllamaWire ollama = new OllamaWire();
        GeminiWire gemini = new GeminiWire();
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("llm-simulator");
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        connector.setPort(settings.port());
        server.addConnector(connector);
        SizeLimitHandler limit = new SizeLimitHandler(MAX_BODY_BYTES, -1);
        limit.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                response.getHeaders().put(LlmHeaders.SIMULATOR, "true");
                String path = Request.getPathInContext(request);
                boolean post = "POST".equals(request.getMethod());
                switch (path) {
                    case "/v1/chat/completions" -> {
                        return post
                                ? chat(request, response, callback, openAi)
                                : notAllowed(response, callback, "POST");
                    }
                    case "/api/chat" -> {
                        return post
                                ? chat(request, response, callback, ollama)
                                : notAllowed(response, callback, "POST");
                    }
                    case "/v1/models" -> {
                        return post ? notAllowed(response, callback, "GET") : json(response, callback, 200, models());
                    }
                    case "/simulator/storm" -> {
                        return post
                                ? startStorm(request, response, callback, openAi)
                                : notAllowed(response, callback, "POST");
                    }
                    case "/api/tags" -> {
                        return post ? notAllowed(response, callback, "GET") : json(response, callback, 200, tags());
                    }
                    default -> {
                        if (path.startsWith(GEMINI_PATH) && path.endsWith(":generateContent")) {
                            return post
                                    ? chat(request, response, callback, gemini)
                                    : notAllowed(response, callback, "POST");
                        }
                        return json(
                                response,
                                callback,
                                404,
                                openAi.badRequest(
                                        "the sluice-simulator has no endpoint " + path
                                                + " (it serves POST /v1/chat/completions, POST /api/chat, POST /v1beta/models/{model}:generateContent, GET /v1/models, GET /api/tags)",
                                        null));
                    }
                }
            }
        });
        server.setHandler(limit);
    }

    /** Starts listening; returns this, for {@code new LlmSimulator(...).start()}. */
    public LlmSimulator start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "the LLM simulator cannot listen on port " + settings.port() + ": " + e.getMessage(), e);
        }
        started = true;
        log.info(
                "LLM SIMULATOR (not a real model) '{}' listening on {}: OpenAI /v1/chat/completions, Ollama /api/chat; {}",
                SimulatorSettings.MODEL,
                baseUrl(),
                settings);
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int inFlight() {
        return inFlight.get();
    }

    public SimulatorStats.Snapshot stats() {
        return stats.snapshot();
    }

    @Override
    public void close() {
        if (started) {
            try {
                server.stop();
            } catch (Exception e) {
                log.warn("LLM simulator did not stop cleanly: {}", e.toString());
            }
            started = false;
        }
    }

    private boolean chat(Request request, Response response, Callback callback, WireFormat wire) {
        stats.requests.incrementAndGet();
        ChatCall call;
        try (InputStream body = Content.Source.asInputStream(request)) {
            call = ChatCall.parse(
                    body,
                    request.getHeaders().get(LlmHeaders.ATTEMPT),
                    request.getHeaders().get(LlmHeaders.QUESTION_ID));
        } catch (ChatCall.Invalid e) {
            stats.badRequests.incrementAndGet();
            return json(response, callback, 400, wire.badRequest(e.getMessage(), e.param));
        } catch (java.io.IOException e) {
            stats.badRequests.incrementAndGet();
            return json(
                    response,
                    callback,
                    400,
                    wire.badRequest("the request body cannot be read: " + e.getMessage(), null));
        }
        if (clock.millis() < stormUntilMillis) {
            return stormError(response, callback, wire);
        }
        int running = inFlight.incrementAndGet();
        if (settings.capacity() > 0 && running > settings.capacity()) {
            inFlight.decrementAndGet();
            return overloaded(response, callback, wire);
        }
        boolean handedOff = false;
        try {
            Optional<Duration> wait = quota.flatMap(TokenBucket::take);
            if (wait.isPresent()) {
                stats.quotaRejected.incrementAndGet();
                long ms = Math.max(1, wait.get().toMillis());
                if (wire.retryAfterHeaders()) {
                    response.getHeaders().put("retry-after-ms", Long.toString(ms));
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString((ms + 999) / 1000));
                }
                return json(response, callback, 429, wire.quota(settings.quotaPerSecond(), wait.get()));
            }
            Fate fate = Fate.draw(settings, call.questionKey(), call.attempt());
            CompletableFuture<Void> delay = delayer.after(fate.latency());
            if (delay.isDone() && !delay.isCompletedExceptionally()) {
                // nothing to wait for (zero latency): answer on this thread
                return respond(response, callback, wire, call, fate);
            }
            handedOff = true;
            delay.thenRun(() -> respond(response, callback, wire, call, fate)).whenComplete((ok, error) -> {
                inFlight.decrementAndGet();
                if (error != null) {
                    callback.failed(error);
                }
            });
            return true;
        } finally {
            if (!handedOff) {
                inFlight.decrementAndGet();
            }
        }
    }

    /** From now on for {@code length}, every call gets a 503 overload or a 429 quota error, in turn. */
    public void storm(Duration length) {
        stormUntilMillis = clock.millis() + length.toMillis();
        log.warn("LLM SIMULATOR storm: every call answered 503 or 429 for {} ms", length.toMillis());
    }

    private boolean startStorm(Request request, Response response, Callback callback, WireFormat wire) {
        String seconds = Request.extractQueryParameters(request).getValue("seconds");
        try {
            long s = Long.parseLong(seconds == null ? "" : seconds.trim());
            if (s < 1 || s > 3600) {
                throw new NumberFormatException();
            }
            storm(Duration.ofSeconds(s));
            return json(
                    response, callback, 200, Json.mapper().createObjectNode().put("storm_seconds", s));
        } catch (NumberFormatException e) {
            return json(
                    response,
                    callback,
                    400,
                    wire.badRequest("seconds must be a whole number from 1 to 3600, was " + seconds, "seconds"));
        }
    }

    private boolean overloaded(Response response, Callback callback, WireFormat wire) {
        stats.overloaded.incrementAndGet();
        return json(
                response,
                callback,
                settings.overloadStatus(),
                wire.overload(settings.overloadStatus(), settings.capacity()));
    }

    private boolean stormError(Response response, Callback callback, WireFormat wire) {
        if (stormCalls.incrementAndGet() % 2 == 0) {
            return overloaded(response, callback, wire);
        }
        stats.quotaRejected.incrementAndGet();
        if (wire.retryAfterHeaders()) {
            response.getHeaders().put("retry-after-ms", "1000");
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        return json(response, callback, 429, wire.quota(Math.max(1, settings.quotaPerSecond()), Duration.ofSeconds(1)));
    }

    private boolean respond(Response response, Callback callback, WireFormat wire, ChatCall call, Fate fate) {
        int promptWords = WireFormat.words(call.prompt());
        return switch (fate.outcome()) {
            case FATAL -> {
                stats.fatal.incrementAndGet();
                yield json(response, callback, 400, wire.badRequest(WireFormat.simulatedFatal(), null));
            }
            case EMPTY -> {
                stats.empty.incrementAndGet();
                yield json(
                        response,
                        callback,
                        200,
                        wire.answer(
                                "",
                                "length",
                                clock.instant(),
                                sequence.incrementAndGet(),
                                fate.latency(),
                                promptWords));
            }
            case ANSWER -> {
                stats.answered.incrementAndGet();
                String reference = references.forPrompt(call.prompt()).orElse(null);
                String text = AnswerWriter.write(fate.kind(), reference, call.prompt(), fate.textRandom());
                yield json(
                        response,
                        callback,
                        200,
                        wire.answer(
                                text,
                                "stop",
                                clock.instant(),
                                sequence.incrementAndGet(),
                                fate.latency(),
                                promptWords));
            }
        };
    }

    private ObjectNode models() {
        ObjectNode body = Json.mapper().createObjectNode().put("object", "list");
        body.putArray("data")
                .addObject()
                .put("id", SimulatorSettings.MODEL)
                .put("object", "model")
                .put("created", 0)
                .put("owned_by", "sluice (simulator)");
        return body;
    }

    private ObjectNode tags() {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode model = body.putArray("models")
                .addObject()
                .put("name", SimulatorSettings.MODEL)
                .put("model", SimulatorSettings.MODEL)
                .put("modified_at", "1970-01-01T00:00:00Z")
                .put("size", 0)
                .put("digest", "simulator");
        model.putObject("details")
                .put("format", "simulator")
                .put("family", "sluice-simulator")
                .put("parameter_size", "0")
                .put("quantization_level", "none");
        return body;
    }

    private static boolean notAllowed(Response response, Callback callback, String allowed) {
        response.getHeaders().put(HttpHeader.ALLOW, allowed);
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("error")
                .put("message", "method not allowed: use " + allowed)
                .put("type", "invalid_request_error");
        return json(response, callback, 405, body);
    }

    /** Writes {@code body} as the whole response; always true (the request is handled). */
    private static boolean json(Response response, Callback callback, int status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a simulator response", e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
