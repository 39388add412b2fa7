package dev.sluice.orders.notify;

import dev.sluice.platform.config.Secret;
import java.util.Objects;

/**
 * Where the notifier sends mail. An empty host means "start the embedded GreenMail server". The
 * password never comes from a file or a flag, only from the environment
 * ({@value #PASSWORD_ENV}), and prints as {@code ****}.
 *
 * @param tls STARTTLS required (port 587 style); off only for local test servers
 */
public record SmtpSettings(String host, int port, boolean tls, String user, Secret password, String from) {
    public static final String PASSWORD_ENV = "SLUICE_ORDERS_SMTP_PASSWORD";

    public SmtpSettings {
        host = Objects.requireNonNull(host, "orders.smtp.host").trim();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("orders.smtp.port must be between 0 and 65535, was " + port);
        }
        user = user == null ? "" : user.trim();
        password = password == null ? Secret.empty() : password;
        if (from == null || !from.contains("@")) {
            throw new IllegalArgumentException(
                    "orders.smtp.from must be a sender address like pedidos@tienda.cl, was " + from);
        }
    }

    public boolean embedded() {
        return host.isEmpty();
    }

    public SmtpSettings withServer(String newHost, int newPort) {
        return new SmtpSettings(newHost, newPort, tls, user, password, from);
    }
}
