package dev.sluice.cli.infra;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.orders.notify.EmbeddedSmtp;
import dev.sluice.platform.kafka.Json;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice infra smtp}: a real SMTP server (GreenMail, no login) behind {@link SmtpFront} on
 * {@code --port}, and a small HTTP side on {@code --http-port} for whoever checks a run:
 * {@code GET /messages[?from=N]} lists the messages received, in arrival order (to, subject,
 * Message-ID), {@code POST
 * /refuse?seconds=N} makes the server answer {@code 421} to every new connection for N seconds.
 */
@Command(
        name = "smtp",
        mixinStandardHelpOptions = true,
        description = "An SMTP server that keeps what it receives, with GET /messages and POST /refuse?seconds=N.")
final class SmtpServerCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, description = "SMTP port")
    int port;

    @Option(names = "--http-port", required = true, description = "port of GET /messages and POST /refuse")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        EmbeddedSmtp mailbox = new EmbeddedSmtp(0).start();
        SmtpFront front = SmtpFront.start(port, mailbox.port());
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 16);
        http.createContext("/messages", exchange -> respond(exchange, 200, messages(mailbox, from(exchange))));
        http.createContext("/refuse", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String value = query != null && query.startsWith("seconds=") ? query.substring(8) : "";
            try {
                long seconds = Long.parseLong(value);
                if (!"POST".equals(exchange.getRequestMethod()) || seconds < 1 || seconds > 3600) {
                    throw new NumberFormatException();
                }
                front.refuseFor(Duration.ofSeconds(seconds));
                respond(exchange, 200, Json.mapper().createObjectNode().put("refusing_seconds", seconds));
            } catch (NumberFormatException e) {
                respond(
                        exchange,
                        400,
                        Json.mapper()
                                .createObjectNode()
                                .put("error", "POST /refuse?seconds=N with N from 1 to 3600, was '" + value + "'"));
            }
        });
        http.start();
        System.out.println("sluice infra smtp is running: SMTP 127.0.0.1:" + port + ", GET http://127.0.0.1:" + httpPort
                + "/messages, POST /refuse?seconds=N");
        return InfraCommand.untilStopped("sluice infra smtp", () -> {
            http.stop(0);
            front.close();
            mailbox.close();
        });
    }

    /** {@code ?from=N}: only the messages from the N-th on (0-based), so a checker polling a big mailbox reads what is new. */
    private static int from(HttpExchange exchange) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null || !query.startsWith("from=")) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(query.substring(5)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ArrayNode messages(EmbeddedSmtp mailbox, int from) {
        ArrayNode list = Json.mapper().createArrayNode();
        List<MimeMessage> all = mailbox.received();
        for (MimeMessage m : all.subList(Math.min(from, all.size()), all.size())) {
            ObjectNode node = list.addObject();
            try {
                Address[] to = m.getAllRecipients();
                node.put("to", to == null || to.length == 0 ? "" : to[0].toString());
                node.put("subject", m.getSubject());
                node.put("message_id", m.getMessageID());
            } catch (jakarta.mail.MessagingException e) {
                node.put("error", e.getMessage());
            }
        }
        return list;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
