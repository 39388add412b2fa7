package dev.sluice.orders.api;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.orders.Order;
import dev.sluice.platform.http.HttpApp;
import dev.sluice.platform.http.HttpError;
import dev.sluice.platform.http.JsonBodies;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request service's route: {@code POST /orders} validates the body (400 naming the field;
 * oversized bodies get 413 from the platform), gives the order a unique id, publishes it to
 * {@code orders.requested} and answers 201 with the order, estado {@code recibido}.
 */
public final class RequestRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRoutes.class);

    private final OrderIds ids;
    private final OrderPublisher publisher;
    /** Built once: {@code mapper.readValue(bytes, OrderRequest.class)} resolves the type on every call. */
    private final ObjectReader reader = JsonBodies.strict(HttpApp.mapper()).readerFor(OrderRequest.class);

    public RequestRoutes(OrderIds ids, OrderPublisher publisher) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    public void register(RoutesConfig routes) {
        routes.post("/orders", this::create);
    }

    private void create(Context ctx) throws java.io.IOException {
        JsonBodies.requireJson(ctx);
        // Read with the platform mapper ourselves: Javalin's bodyAsClass turns a JSON null into a 500.
        OrderRequest request = reader.readValue(ctx.bodyAsBytes());
        if (request == null) {
            throw new dev.sluice.platform.http.BadRequest(
                    "the request body is JSON null; send an object with nombre, precio and correo");
        }
        Order order = request.toOrder(ids.next());
        try {
            publisher.publish(order);
        } catch (Exception e) {
            LOG.error("order {} could not be published", order.id(), e);
            // 503: the order was not stored; the client may retry (it will get a new id).
            throw new HttpError(503, "the order could not be stored right now; try again in a moment");
        }
        ctx.status(201).header("Location", "/orders/" + order.id()).json(order);
    }
}
