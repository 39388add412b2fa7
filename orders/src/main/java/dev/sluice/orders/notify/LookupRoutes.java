package dev.sluice.orders.notify;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.orders.Estado;
import dev.sluice.orders.Order;
import dev.sluice.platform.http.ApiKeys;
import dev.sluice.platform.http.BadRequest;
import dev.sluice.platform.http.HttpError;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The notifier's routes: {@code GET /orders/{id}} answers the latest known state, 404 for an unknown
 * id; {@code GET /orders/{id}/history} adds every state the notifier saw, with when it saw it and
 * when the state's e-mail was sent (the dashboard's order lookup). The customer's e-mail is personal data and ids are sequential, so anyone could count through
 * them: it is shown in full only to a request with a valid API key ({@link ApiKeys#validKey}), and
 * masked ({@code c***@c***.com}) otherwise, including when no keys are configured. The state, which
 * load runs and status pages poll, needs no key.
 */
public final class LookupRoutes {

    /** Where the latest state comes from; {@link NotificationStore#latest} in production. */
    @FunctionalInterface
    public interface Lookup {
        Optional<Order> latest(long id) throws SQLException;
    }

    /** Where an order's states come from; {@link NotificationStore#history} in production. */
    @FunctionalInterface
    public interface History {
        List<NotificationStore.StateSeen> states(long id) throws SQLException;
    }

    /** The history route's body: the latest state (masked as for {@code GET /orders/{id}}) and every state seen. */
    record OrderHistory(Object order, List<NotificationStore.StateSeen> states) {}

    /** {@link Order}'s wire format with the e-mail masked: a masked address is not one an Order would accept. */
    @JsonPropertyOrder({"id", "nombre", "precio", "correo", "estado"})
    record Masked(long id, String nombre, long precio, String correo, Estado estado) {
        static Masked of(Order order) {
            return new Masked(order.id(), order.nombre(), order.precio(), mask(order.correo()), order.estado());
        }
    }

    private final Lookup lookup;
    private final History history;

    public LookupRoutes(NotificationStore store) {
        this(Objects.requireNonNull(store, "store")::latest, store::history);
    }

    /** Routes whose history shows no states (tests of the latest-state route). */
    public LookupRoutes(Lookup lookup) {
        this(lookup, id -> List.of());
    }

    public LookupRoutes(Lookup lookup, History history) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.history = Objects.requireNonNull(history, "history");
    }

    public void register(RoutesConfig routes) {
        routes.get("/orders/{id}", this::find);
        routes.get("/orders/{id}/history", this::history);
    }

    private void find(Context ctx) throws Exception {
        ctx.json(shown(ctx, latest(id(ctx))));
    }

    private void history(Context ctx) throws Exception {
        long id = id(ctx);
        Order order = latest(id);
        ctx.json(new OrderHistory(shown(ctx, order), history.states(id)));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw BadRequest.field("id", "must be a whole number, e.g. /orders/1");
        }
    }

    private Order latest(long id) throws SQLException {
        return lookup.latest(id).orElseThrow(() -> HttpError.notFound("no order with id " + id));
    }

    private static Object shown(Context ctx, Order order) {
        return ApiKeys.validKey(ctx) ? order : Masked.of(order);
    }

    /**
     * The first letter of the local part and of the domain, the top-level domain, stars between:
     * {@code correopersonal@correo.com} → {@code c***@c***.com}. Enough for a customer to recognise
     * their own address, too little to write to it; the domain is masked too, since a company's
     * domain says where someone works.
     */
    static String mask(String email) {
        int at = email.lastIndexOf('@');
        if (at < 1) {
            return "***";
        }
        String domain = email.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        String maskedDomain = dot < 1 ? first(domain) + "***" : first(domain) + "***" + domain.substring(dot);
        return first(email) + "***@" + maskedDomain;
    }

    /** The first character, whole: an address may start with one outside the BMP, two chars in Java. */
    private static String first(String s) {
        return s.isEmpty() ? "" : s.substring(0, s.offsetByCodePoints(0, 1));
    }
}
