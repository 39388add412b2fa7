package dev.sluice.cli;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The one line {@code sluice up} keeps rewriting on a terminal, e.g.
 * {@code answers 120 in · 97 stored · 14 retrying · 2 dead | orders recibido 1 · preparando 3 · entregando 0 · finalizado 40 · 163 e-mails}.
 * Read from what the services already keep: the answers and orders read models in PostgreSQL, and
 * the delay schedulers' {@code sluice.delay.waiting} gauges for the retries. Only on a terminal:
 * when the output goes to a file or a log collector, no status lines (the logs stay clean).
 */
final class StatusLine implements AutoCloseable {
    /** The orders states in their order; a state with no order yet shows 0. */
    static final List<String> STATES = List.of("recibido", "preparando", "entregando", "finalizado");

    private static final String RETRY_DELAYS = "questions.retry";

    private final ScheduledExecutorService timer;
    private final PrintStream out;
    private int lastWidth;

    /** What the line shows. */
    record Counts(
            long questionsIn,
            long stored,
            long retrying,
            long deadLetters,
            Map<String, Long> ordersByState,
            long emailsSent) {}

    private StatusLine(Supplier<String> line, PrintStream out, Duration every) {
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-status-line");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> print(line), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts rewriting {@code out} every {@code every}, or returns null when {@code live} is false. */
    static StatusLine startIf(boolean live, Supplier<String> line, PrintStream out, Duration every) {
        return live ? new StatusLine(line, out, every) : null;
    }

    /**
     * A live line only on an interactive terminal: Java 17's {@link System#console()} is null when
     * stdin or stdout is redirected (a pipe, a file, a container without a TTY), and a terminal that
     * says it is {@code dumb} cannot rewrite a line in place.
     */
    static boolean live(boolean hasConsole, String term) {
        return hasConsole && !"dumb".equals(term);
    }

    static boolean live() {
        return live(System.console() != null, System.getenv("TERM"));
    }

    /** The line for {@code c}: answers first, then orders, only the parts this process runs. */
    static String format(Counts c, boolean answers, boolean orders) {
        StringBuilder line = new StringBuilder();
        if (answers) {
            line.append("answers ")
                    .append(c.questionsIn())
                    .append(" in · ")
                    .append(c.stored())
                    .append(" stored · ")
                    .append(c.retrying())
                    .append(" retrying · ")
                    .append(c.deadLetters())
                    .append(" dead");
        }
        if (orders) {
            if (!line.isEmpty()) {
                line.append(" | ");
            }
            line.append("orders");
            String sep = " ";
            for (String state : STATES) {
                line.append(sep)
                        .append(state)
                        .append(' ')
                        .append(c.ordersByState().getOrDefault(state, 0L));
                sep = " · ";
            }
            line.append(" · ").append(c.emailsSent()).append(" e-mails");
        }
        return line.toString();
    }

    /** Overwrites the previous line in place: carriage return, the line, spaces over what is left of a longer one. */
    static String overwrite(String line, int previousWidth) {
        return "\r" + line + " ".repeat(Math.max(0, previousWidth - line.length()));
    }

    private void print(Supplier<String> line) {
        String text;
        try {
            text = line.get();
        } catch (RuntimeException e) {
            // the database away for a moment (or closing): keep the last line rather than a stack trace
            return;
        }
        synchronized (out) {
            out.print(overwrite(text, lastWidth));
            out.flush();
        }
        lastWidth = text.length();
    }

    /** Stops the line and ends it with a newline, so what is printed next starts on its own line. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lastWidth > 0) {
            out.println();
        }
    }

    /** Reads {@link Counts} from the read models and the meters of a running stack. */
    static Counts read(DataSource db, MeterRegistry meters, boolean answers, boolean orders) {
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            long in = 0;
            long stored = 0;
            long dead = 0;
            Map<String, Long> byState = new LinkedHashMap<>();
            long emails = 0;
            if (answers) {
                in = count(s, "SELECT count(*) FROM answers.requests");
                stored = count(s, "SELECT count(*) FROM answers.questions");
                dead = count(s, "SELECT count(DISTINCT question_id) FROM answers.dead_letters WHERE question_id <> ''");
            }
            if (orders) {
                try (ResultSet rs = s.executeQuery("SELECT estado, count(*) FROM orders.latest GROUP BY estado")) {
                    while (rs.next()) {
                        byState.put(rs.getString(1), rs.getLong(2));
                    }
                }
                emails = count(s, "SELECT count(*) FROM orders.notifications WHERE status = 'sent'");
            }
            return new Counts(in, stored, retrying(meters), dead, byState, emails);
        } catch (SQLException e) {
            throw new IllegalStateException("status line: " + e.getMessage(), e);
        }
    }

    /** Questions waiting in the answers retry tiers, as the delay schedulers of this process see them. */
    static long retrying(MeterRegistry meters) {
        double sum = 0;
        for (var gauge : meters.find("sluice.delay.waiting").gauges()) {
            String delays = gauge.getId().getTag("delays");
            if (delays != null && delays.startsWith(RETRY_DELAYS)) {
                sum += gauge.value();
            }
        }
        return (long) sum;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
