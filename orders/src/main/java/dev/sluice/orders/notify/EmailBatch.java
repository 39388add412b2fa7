package dev.sluice.orders.notify;

import dev.sluice.orders.Order;
import dev.sluice.orders.notify.NotificationStore.Key;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the notifier splits a polled batch for its parallel sends: the e-mails it claimed, grouped by
 * order, each group in the order the states arrived (one sender sends a group one e-mail after the
 * other, so one order's e-mails arrive in state order), each (order, state) once even if the batch holds it twice (a replay).
 */
final class EmailBatch {
    private EmailBatch() {}

    /** The groups in the order each order first appears in {@code batch}; orders without a claimed e-mail are left out. */
    static List<List<Order>> perOrder(List<Order> batch, Set<Key> claimed) {
        Map<Long, List<Order>> groups = new LinkedHashMap<>();
        Set<Key> seen = new HashSet<>();
        for (Order order : batch) {
            Key key = Key.of(order);
            if (claimed.contains(key) && seen.add(key)) {
                groups.computeIfAbsent(order.id(), id -> new ArrayList<>()).add(order);
            }
        }
        return new ArrayList<>(groups.values());
    }
}
