package dev.sluice.platform.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for every message Sluice writes or reads, so producers and consumers
 * (services and Flink jobs alike) agree on the wire format.
 *
 * <p>Choices and why:
 * <ul>
 *   <li>Unknown fields are <b>ignored</b> (tolerant reader). Records sit in retry and dead-letter topics
 *       across deploys, so a consumer must read what a newer producer wrote; strictness about what a
 *       message must contain lives in each record's compact constructor, not in the mapper.</li>
 *   <li>A JSON {@code null} or an absent value for a primitive field is an error, never a silent 0.</li>
 *   <li>Times are ISO-8601 strings ({@code "2024-05-01T10:00:00Z"}), readable in a topic browser.</li>
 * </ul>
 */
public final class Json {
    private static final ObjectMapper SHARED = newMapper();

    private Json() {}

    /** The shared, thread-safe mapper. Do not reconfigure it: take {@link #newMapper()} for a variant. */
    public static ObjectMapper mapper() {
        return SHARED;
    }

    /** A fresh mapper with the Sluice configuration, for a Flink operator's {@code open()} or a variant. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
