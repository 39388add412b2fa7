package dev.sluice.orders.notify;

/** Sends an e-mail; the notifier's only side effect outside Kafka and PostgreSQL, behind one method. */
@FunctionalInterface
public interface Mailer {
    /** Returns once the SMTP server accepted the message; throws if it did not. */
    void send(Email email) throws Exception;
}
