package dev.sluice.orders.notify;

import dev.sluice.orders.Order;

/** The text of the customer e-mail for each state. */
public final class OrderEmails {
    private OrderEmails() {}

    public static Email of(Order order) {
        String subject = "Pedido " + order.id() + ": " + order.estado().wire();
        String body = switch (order.estado()) {
            case RECIBIDO ->
                "Hemos recibido tu pedido " + order.id() + " (" + order.nombre() + ", $" + order.precio() + ").";
            case PREPARANDO -> "Estamos preparando tu pedido " + order.id() + " (" + order.nombre() + ").";
            case ENTREGANDO -> "Tu pedido " + order.id() + " (" + order.nombre() + ") va en camino.";
            case FINALIZADO -> "Tu pedido " + order.id() + " (" + order.nombre() + ") fue entregado. ¡Gracias!";
        };
        return new Email(order.correo(), subject, body + "\n", messageId(order));
    }

    /** Stable per (order id, estado): the same notification always has the same Message-ID. */
    public static String messageId(Order order) {
        return "<order-" + order.id() + "-" + order.estado().wire() + "@orders.sluice>";
    }
}
