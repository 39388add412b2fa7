package dev.sluice.platform.kafka;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON for one message type (usually a record) on a Kafka topic, with {@link Json}'s configuration.
 *
 * <p>Consumers that must survive poison records read {@code byte[]} and call {@link #parse(byte[])}, which
 * never throws: bad JSON, a missing or mistyped field, or a value the record's compact constructor
 * rejects all come back as a {@link Parsed} failure with a reason for the dead-letter topic. The Kafka
 * {@link #deserializer()} throws a {@link SerializationException} with the same reason, for places where
 * a bad record is a bug (the consumer then reports partition and offset).
 */
public final class JsonSerde<T> implements Serde<T> {
    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonSerde(Class<T> type, ObjectMapper mapper) {
        this.type = type;
        JavaType javaType = mapper.constructType(type);
        this.reader = mapper.readerFor(javaType);
        this.writer = mapper.writerFor(javaType);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(
                Objects.requireNonNull(type, "type: pass the message class, e.g. Question.class"), Json.mapper());
    }

    public Class<T> type() {
        return type;
    }

    /** The JSON bytes of a value; a value Jackson cannot write is a programming error and throws. */
    public byte[] toBytes(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException(
                    "Could not write " + type.getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads one record's value; never throws. A null or empty payload is a failure, not a tombstone. */
    public Parsed<T> parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Parsed.failed("empty payload: expected a JSON object for " + type.getSimpleName());
        }
        try {
            T value = reader.readValue(bytes);
            if (value == null) {
                return Parsed.failed("payload is JSON null: expected a JSON object for " + type.getSimpleName());
            }
            return Parsed.ok(value);
        } catch (IOException e) {
            return Parsed.failed(reason(e));
        } catch (RuntimeException e) {
            // a custom deserializer or constructor that escapes Jackson's wrapping is still a poison record
            return Parsed.failed("could not read " + type.getSimpleName() + ": " + e);
        }
    }

    private String reason(IOException e) {
        String target = type.getSimpleName();
        if (e instanceof ValueInstantiationException vie) {
            Throwable cause = vie.getCause() != null ? vie.getCause() : vie;
            return "invalid " + target + ": " + cause.getMessage();
        }
        if (e instanceof InvalidFormatException ife) {
            return "invalid " + target + ": field '" + path(ife) + "' has value " + ife.getValue()
                    + " which is not a valid " + ife.getTargetType().getSimpleName();
        }
        if (e instanceof MismatchedInputException mie) {
            String message = mie.getOriginalMessage();
            if (message != null && message.startsWith("Missing required creator property")) {
                return "invalid " + target + ": missing required field '" + path(mie) + "'";
            }
            String field = path(mie);
            if (message != null && message.startsWith("Cannot map `null`")) {
                // Jackson's text here advises changing a mapper setting; the fix belongs to the producer
                String expected = mie.getTargetType() == null
                        ? "a"
                        : "a " + mie.getTargetType().getSimpleName();
                return "invalid " + target + ": field '" + field + "' is missing or null but needs " + expected
                        + " value";
            }
            return "invalid " + target + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + firstLine(message);
        }
        if (e instanceof StreamReadException sre) {
            return "malformed JSON for " + target + " at " + location(sre) + ": " + firstLine(sre.getOriginalMessage());
        }
        if (e instanceof JsonMappingException jme) {
            return "invalid " + target + ": " + firstLine(jme.getOriginalMessage());
        }
        if (e instanceof JacksonException je) {
            return "could not read " + target + ": " + firstLine(je.getOriginalMessage());
        }
        return "could not read " + target + ": " + e.getMessage();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String location(StreamReadException e) {
        return e.getLocation() == null
                ? "unknown position"
                : "line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : toBytes(value);
    }

    /** Null stays null (tombstones); anything unreadable throws with {@link #parse}'s reason. */
    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            Parsed<T> parsed = parse(bytes);
            if (!parsed.isOk()) {
                throw new SerializationException(
                        "Record on " + topic + " is not a valid " + type.getSimpleName() + ": " + parsed.reason());
            }
            return parsed.value();
        };
    }
}
