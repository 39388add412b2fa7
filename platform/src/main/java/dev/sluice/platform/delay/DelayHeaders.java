package dev.sluice.platform.delay;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Header names of a delayed record; values are UTF-8 text so they read well in any Kafka tool. */
public final class DelayHeaders {
    /** The topic the record is delivered to when due. */
    public static final String TARGET = "sluice.delay.target";
    /** Epoch milliseconds at which the record becomes due; it is never delivered before. */
    public static final String DUE = "sluice.delay.due";
    /** On a dead-lettered delay record: why it could not be scheduled. */
    public static final String REASON = "sluice.delay.reason";

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private DelayHeaders() {}

    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static OptionalLong dueMillis(Headers headers) {
        String v = text(headers, DUE);
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Why a target header cannot be delivered to, or null when it names a legal, non-internal topic
     * (Kafka's rule: 1-249 of {@code a-z A-Z 0-9 . _ -}). Whether the topic exists is the broker's
     * business; an illegal or internal name would fail the forwarding transaction on every retry.
     */
    public static String targetProblem(String target) {
        if (target == null || target.isBlank()) {
            return "missing " + TARGET + " header";
        }
        if (!LEGAL_TOPIC.matcher(target).matches() || target.equals(".") || target.equals("..")) {
            return TARGET + " header '" + printable(target) + "' is not a legal topic name";
        }
        if (target.startsWith("__")) {
            return TARGET + " header '" + target + "' names an internal topic";
        }
        return null;
    }

    private static String printable(String s) {
        String shown = s.replaceAll("\\p{Cntrl}", "?");
        return shown.length() <= 100 ? shown : shown.substring(0, 97) + "...";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
