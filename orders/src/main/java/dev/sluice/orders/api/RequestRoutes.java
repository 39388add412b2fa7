package dev.sluice.orders.api;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.orders.Order;
import dev.sluice.platform.http.BadRequest;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.HttpError;
import dev.sluice.platform.http.JsonBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request service's route: {@code POST /orders} validates the body (400 naming the field;
 * oversized bodies get 413 from the platform), gives the order a unique id, publishes it to
 * {@code orders.requested} and answers 201 with the order, estado {@code recibido}. With an
 * {@code Idempotency-Key} header a retry of the same request gets the same order back (201 again,
 * with {@code Idempotent-Replayed: true}) instead of a second order; see {@link IdempotencyKeys}.
 */
public final class RequestRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRoutes.class);

    /** The request header; the draft's name. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** On an answer repeated for a key (Stripe's name; the draft names none). */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private final OrderIds ids;
    private final OrderPublisher publisher;
    private final IdempotencyKeys keys;
    /** Built once: {@code mapper.readValue(bytes, OrderRequest.class)} resolves the type on every call. */
    private final ObjectReader reader = JsonBodies.strict(HttpApp.mapper()).readerFor(OrderRequest.class);

    /** Without idempotency keys: a request that sends one is refused (501), never silently doubled. */
    public RequestRoutes(OrderIds ids, OrderPublisher publisher) {
        this(ids, publisher, null);
    }

    /** @param keys where {@code Idempotency-Key}s are kept, or null to refuse them */
    public RequestRoutes(OrderIds ids, OrderPublisher publisher, IdempotencyKeys keys) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.keys = keys;
    }

    public void register(RoutesConfig routes) {
        routes.post("/orders", this::create);
    }

    private void create(Context ctx) throws java.io.IOException {
        JsonBodies.requireJson(ctx);
        // Read with the platform mapper ourselves: Javalin's bodyAsClass turns a JSON null into a 500.
        OrderRequest request = reader.readValue(ctx.bodyAsBytes());
        if (request == null) {
            throw new BadRequest("the request body is JSON null; send an object with nombre, precio and correo");
        }
        String key;
        try {
            key = IdempotencyKeys.parseHeader(ctx.header(IDEMPOTENCY_KEY));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(IDEMPOTENCY_KEY, "the " + IDEMPOTENCY_KEY + " header " + e.getMessage());
        }
        if (key == null) {
            Order order = request.toOrder(ids.next());
            publish(order);
            created(ctx, order);
            return;
        }
        if (keys == null) {
            throw new HttpError(501, "this instance keeps no " + IDEMPOTENCY_KEY + "s; send the order without one");
        }
        createOnce(ctx, request, key);
    }

    private void createOnce(Context ctx, OrderRequest request, String key) {
        IdempotencyKeys.Outcome outcome;
        try {
            outcome = keys.begin(key, IdempotencyKeys.fingerprint(request), ids::next);
        } catch (SQLException e) {
            LOG.error("idempotency key could not be read or stored", e);
            throw new HttpError(503, "the order could not be stored right now; try again in a moment");
        }
        switch (outcome.kind()) {
            case NEW -> {
                Order order = request.toOrder(outcome.orderId());
                publishFor(key, order);
                created(ctx, order);
            }
            case RESUME -> {
                Order order = request.toOrder(outcome.orderId());
                if (!outcome.seen()) {
                    publishFor(key, order); // its first request died or failed before Kafka's acknowledgement
                } else {
                    markPublished(key, order);
                }
                created(ctx.header(IDEMPOTENT_REPLAYED, "true"), order);
            }
            case REPLAY -> created(ctx.header(IDEMPOTENT_REPLAYED, "true"), request.toOrder(outcome.orderId()));
            case IN_FLIGHT -> {
                ctx.header("Retry-After", "1");
                throw HttpError.conflict("a request with this " + IDEMPOTENCY_KEY
                        + " is still being stored; send it again in a moment to get its order");
            }
            case MISMATCH ->
                throw new HttpError(
                        422,
                        "this " + IDEMPOTENCY_KEY + " was used with another order; a key belongs to one request body",
                        IDEMPOTENCY_KEY);
        }
    }

    /** Publishes a keyed order; on failure the key is released, so the retry publishes the same order at once. */
    private void publishFor(String key, Order order) {
        try {
            publish(order);
        } catch (HttpError e) {
            try {
                keys.release(key, order.id());
            } catch (SQLException releaseFailed) {
                LOG.warn(
                        "order {}: its idempotency key waits out its lease ({})", order.id(), releaseFailed.toString());
            }
            throw e;
        }
        markPublished(key, order);
    }

    private void markPublished(String key, Order order) {
        try {
            keys.published(key, order.id());
        } catch (SQLException e) {
            // the order is in Kafka: answer 201; a retry after the lease finds it seen and republishes nothing
            LOG.warn("order {} is stored, its idempotency key not marked ({})", order.id(), e.toString());
        }
    }

    private void publish(Order order) {
        try {
            publisher.publish(order);
        } catch (Exception e) {
            LOG.error("order {} could not be published", order.id(), e);
            // 503: the order was not stored; the client may retry (without a key it gets a new id).
            throw new HttpError(503, "the order could not be stored right now; try again in a moment");
        }
    }

    private static void created(Context ctx, Order order) {
        ctx.status(201).header("Location", "/orders/" + order.id()).json(order);
    }
}
