package dev.sluice.orders.notify;

import dev.sluice.orders.Order;
import dev.sluice.platform.http.BadRequest;
import dev.sluice.platform.http.HttpError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Objects;

/** The notifier's route: {@code GET /orders/{id}} answers the latest known state, 404 for an unknown id. */
public final class LookupRoutes {
    private final NotificationStore store;

    public LookupRoutes(NotificationStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public void register(RoutesConfig routes) {
        routes.get("/orders/{id}", this::find);
    }

    private void find(Context ctx) throws Exception {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw BadRequest.field("id", "must be a whole number, e.g. /orders/1");
        }
        Order order = store.latest(id).orElseThrow(() -> HttpError.notFound("no order with id " + id));
        ctx.json(order);
    }
}
