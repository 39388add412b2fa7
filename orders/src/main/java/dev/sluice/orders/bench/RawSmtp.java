package dev.sluice.orders.bench;

import dev.sluice.orders.notify.JakartaMail;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline the notifier's e-mail rate is set next to: a plain Jakarta Mail client sending
 * messages of the same shape as the order e-mails (one recipient each, a short UTF-8 text) to the
 * same SMTP server, as fast as it can, over {@code connections} connections kept open, with no
 * database and no Kafka. The subjects ({@code "raw SMTP <n>"}) are not order subjects, so they are
 * never counted as order e-mails.
 */
public final class RawSmtp {
    static {
        JakartaMail.pinStreamProvider();
    }

    private RawSmtp() {}

    /** Messages accepted by the server per second of wall time. */
    public static long perSecond(String host, int port, int count, int connections) throws Exception {
        if (count < 1 || connections < 1) {
            throw new IllegalArgumentException("raw SMTP needs at least 1 message and 1 connection");
        }
        Properties p = new Properties();
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", Integer.toString(port));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(p);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            long start = System.nanoTime();
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                senders.add(pool.submit(() -> {
                    try (Transport t = session.getTransport("smtp")) {
                        t.connect();
                        for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                            MimeMessage m = new MimeMessage(session);
                            m.setFrom(new InternetAddress("pedidos@sluice.local"));
                            m.setRecipients(Message.RecipientType.TO, "raw" + n / 4 + "@correo.cl");
                            m.setSubject("raw SMTP " + n, StandardCharsets.UTF_8.name());
                            m.setText(
                                    "Tu pedido " + n + " (Producto de prueba) va en camino.\n",
                                    StandardCharsets.UTF_8.name());
                            m.setSentDate(new Date());
                            m.saveChanges();
                            t.sendMessage(m, m.getAllRecipients());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
            return Math.round(count / ((System.nanoTime() - start) / 1e9));
        } finally {
            pool.shutdownNow();
        }
    }
}
