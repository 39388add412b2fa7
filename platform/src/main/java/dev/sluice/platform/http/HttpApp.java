package dev.sluice.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.service.ThreadNice;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP base every Sluice service starts from: an unstarted Javalin bound to {@code http.host}
 * (loopback unless configured otherwise) with probes ({@code /health}, {@code /ready}), Prometheus
 * {@code /metrics}, JSON errors, a body-size limit, API keys when configured ({@link ApiKeys}: 401
 * or 403 before any route runs), and one log line plus one timer sample per request, tagged with a
 * correlation id. The log line holds method, path and status, never headers, so a key cannot reach
 * it. Services pass their route table as a lambda:
 *
 * <pre>{@code
 * Javalin app = HttpApp.create(cfg.http(), metrics.registry(), checks, routes -> {
 *   routes.post("/orders", orders::create);
 *   routes.get("/orders/{id}", orders::find);
 * });
 * }</pre>
 *
 * Javalin 7 takes routes in its config, not on the built instance, hence the lambda.
 */
public final class HttpApp {
    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** The MDC key; log patterns print it with {@code %X{correlationId}}. */
    public static final String MDC_KEY = "correlationId";

    private static final Logger log = LoggerFactory.getLogger(HttpApp.class);
    // Only ids that are safe to echo into headers and logs are taken from clients.
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    private static final Set<String> PROBES = Set.of("/health", "/ready", "/metrics");
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private HttpApp() {}

    /** The app with only the platform routes. */
    public static Javalin create(HttpSettings settings, PrometheusMeterRegistry registry, List<ReadinessCheck> checks) {
        return create(settings, registry, checks, routes -> {});
    }

    public static Javalin create(
            HttpSettings settings,
            PrometheusMeterRegistry registry,
            List<ReadinessCheck> checks,
            Consumer<RoutesConfig> appRoutes) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(appRoutes, "appRoutes");
        Readiness readiness = new Readiness(Objects.requireNonNull(checks, "checks"));
        ApiKeys keys = ApiKeys.of(settings.apiKeys());
        return Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            if (settings.nice() > 0) {
                config.jetty.threadPool = new NiceThreadPool(settings.nice());
            }
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jsonMapper(new JavalinJackson(mapper(), false));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.events.serverStopped(readiness::close);
            RequestTimers timers = new RequestTimers(registry);
            config.requestLogger.http((ctx, ms) -> logAndTime(timers, ctx, ms));
            config.router.javaLangErrorHandler((res, error) -> {
                log.error("request failed with {}", error.getClass().getName(), error);
                res.setStatus(500);
                res.setContentType("application/json");
                try {
                    res.getOutputStream()
                            .write(mapper().writeValueAsBytes(
                                            ErrorBody.of(500, internalMessage(MDC.get(MDC_KEY)), null)));
                } catch (Exception ignored) {
                    // The connection is already broken; the log line above is what remains.
                }
            });

            RoutesConfig routes = config.routes;
            routes.before(HttpApp::correlate);
            routes.before(ctx -> keys.check(ctx, PROBES));
            routes.before(ctx -> rejectOversizedBody(ctx, settings.maxBodyBytes()));

            routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
            routes.get("/ready", ctx -> {
                Readiness.Report report = readiness.run();
                ctx.status(report.ready() ? 200 : 503).json(report);
            });
            routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));

            routes.exception(HttpError.class, (e, ctx) -> {
                if (e.status() == 401) {
                    ctx.header(ApiKeys.WWW_AUTHENTICATE, ApiKeys.CHALLENGE);
                }
                respond(ctx, e.status(), e.getMessage(), e.field());
            });
            routes.exception(JsonProcessingException.class, (e, ctx) -> {
                HttpError error = JsonErrors.toHttpError(e);
                respond(ctx, error.status(), error.getMessage(), error.field());
            });
            routes.exception(ValidationException.class, HttpApp::validationFailed);
            routes.exception(
                    HttpResponseException.class,
                    (e, ctx) -> respond(ctx, e.getStatus(), javalinMessage(e, ctx, settings.maxBodyBytes()), null));
            routes.exception(Exception.class, (e, ctx) -> {
                String id = ctx.attribute(MDC_KEY);
                log.error("{} {} failed [correlation id {}]", ctx.method(), ctx.path(), id, e);
                respond(ctx, 500, internalMessage(id), null);
            });

            // Last, so a service may replace any of the handlers above for its own routes.
            appRoutes.accept(routes);
        });
    }

    /** The JSON mapper the app reads and writes bodies with: java.time as ISO text, unknown fields refused. */
    public static ObjectMapper mapper() {
        return MapperHolder.MAPPER;
    }

    private static final class MapperHolder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    private static void correlate(Context ctx) {
        String given = ctx.header(CORRELATION_HEADER);
        String id = given != null && SAFE_ID.matcher(given).matches() ? given : newCorrelationId();
        ctx.attribute(MDC_KEY, id);
        ctx.header(CORRELATION_HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a correlation id has to be unique
     * among requests, not unguessable, and {@link UUID#randomUUID()} draws on the shared
     * {@code SecureRandom} for every request (it showed in the CPU profile of a POST burst).
     */
    static String newCorrelationId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(high, low).toString();
    }

    /**
     * Refuses a declared-too-large body before anyone reads it; bodies without a length (chunked)
     * are caught by Javalin's maxRequestSize when a handler reads them.
     */
    private static void rejectOversizedBody(Context ctx, long max) {
        long length = ctx.req().getContentLengthLong();
        if (length > max) {
            throw new HttpError(
                    413,
                    "the request body is " + length + " bytes; the limit is " + max + " bytes (http.max-body-bytes)");
        }
    }

    private static void respond(Context ctx, int status, String message, String field) {
        ctx.status(status).json(ErrorBody.of(status, message, field));
    }

    private static void validationFailed(ValidationException e, Context ctx) {
        Map.Entry<String, List<ValidationError<Object>>> first =
                e.getErrors().entrySet().iterator().next();
        String message = first.getValue().isEmpty()
                ? "invalid value"
                : first.getValue().get(0).getMessage();
        Object value = first.getValue().isEmpty() ? null : first.getValue().get(0).value;
        respond(ctx, 400, value == null ? message : "'" + value + "': " + message, first.getKey());
    }

    private static String javalinMessage(HttpResponseException e, Context ctx, long max) {
        return switch (e.getStatus()) {
            case 404 -> "no route for " + ctx.method() + " " + ctx.path();
            case 413 -> "the request body is larger than the limit of " + max + " bytes (http.max-body-bytes)";
            default -> e.getMessage();
        };
    }

    private static String internalMessage(String correlationId) {
        return "internal error; quote correlation id " + correlationId + " when reporting it";
    }

    private static void logAndTime(RequestTimers timers, Context ctx, Float ms) {
        String id = ctx.attribute(MDC_KEY);
        int status = ctx.statusCode();
        if (id != null) {
            MDC.put(MDC_KEY, id);
        }
        try {
            if (PROBES.contains(ctx.path())) {
                if (log.isDebugEnabled()) {
                    log.debug("{} {} {} {}ms", ctx.method(), ctx.path(), status, String.format("%.1f", ms));
                }
            } else if (log.isInfoEnabled()) {
                log.info("{} {} {} {}ms", ctx.method(), ctx.path(), status, String.format("%.1f", ms));
            }
            timers.get(ctx.method().name(), routeTemplate(ctx, status), status)
                    .record((long) (ms * 1_000_000L), TimeUnit.NANOSECONDS);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /**
     * The {@code http.server.requests} timer of each (method, route, status), built once: building
     * and registering it per request (tags sorted, id hashed, registry looked up) cost 8% of the
     * Jetty threads' CPU in a POST burst. Routes are templates, so the map stays small.
     */
    private static final class RequestTimers {
        private record Key(String method, String uri, int status) {}

        private final PrometheusMeterRegistry registry;
        private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

        RequestTimers(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        Timer get(String method, String uri, int status) {
            return timers.computeIfAbsent(
                    new Key(method, uri, status),
                    key -> Timer.builder("http.server.requests")
                            .description("HTTP requests served, by route template")
                            .tag("method", key.method())
                            .tag("uri", key.uri())
                            .tag("status", String.valueOf(key.status()))
                            .tag(
                                    "outcome",
                                    key.status() >= 500
                                            ? "SERVER_ERROR"
                                            : key.status() >= 400 ? "CLIENT_ERROR" : "SUCCESS")
                            .register(registry));
        }
    }

    /**
     * Javalin's default pool (named {@code JettyServerThreadPool}, 8 to 250 threads) whose threads
     * lower their own CPU priority by {@code http.nice} when they start ({@link ThreadNice}): when
     * the CPU is short, work already admitted (a state change that is due, a question in the
     * pipeline) runs before a new request is read; when it is not, requests take all of it.
     */
    private static final class NiceThreadPool extends QueuedThreadPool {
        private final int nice;

        NiceThreadPool(int nice) {
            super(250, 8);
            setName("JettyServerThreadPool");
            this.nice = nice;
        }

        @Override
        public Thread newThread(Runnable runnable) {
            return super.newThread(() -> {
                ThreadNice.lower(nice);
                runnable.run();
            });
        }
    }

    /** The matched route ({@code /orders/{id}}), never the raw path: raw paths would explode label cardinality. */
    private static String routeTemplate(Context ctx, int status) {
        try {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            if (endpoint != null) {
                return endpoint.path;
            }
        } catch (RuntimeException e) {
            // No endpoint matched this request.
        }
        return status == 404 ? "NOT_FOUND" : "UNKNOWN";
    }
}
