package dev.sluice.orders.notify;

import java.util.Objects;

/**
 * One e-mail to send. {@code messageId} is derived from (order id, estado), so a resend after a
 * crash carries the same Message-ID and mail systems that deduplicate on it show one message.
 */
public record Email(String to, String subject, String body, String messageId) {
    public Email {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(messageId, "messageId");
    }
}
