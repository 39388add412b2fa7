package dev.sluice.platform.delay;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
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

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
