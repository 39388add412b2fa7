package dev.sluice.answers.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's "come back in ..." in its three spellings: {@code retry-after-ms} (OpenAI, float
 * milliseconds), {@code Retry-After} (RFC 9110: delta-seconds or an HTTP-date, read against the
 * injected clock), and Gemini's {@code google.rpc.RetryInfo.retryDelay} in the JSON body (a protobuf
 * duration such as {@code "17s"} or {@code "45.837906927s"}; Gemini sends no header).
 */
final class RetryDelays {
    private static final Pattern PROTO_DURATION = Pattern.compile("^\\s*(\\d+(?:\\.\\d+)?)s\\s*$");
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";

    private RetryDelays() {}

    static Optional<Duration> fromHeaders(Optional<String> retryAfterMs, Optional<String> retryAfter, Clock clock) {
        Optional<Duration> ms = retryAfterMs.flatMap(RetryDelays::millis);
        return ms.isPresent() ? ms : retryAfter.flatMap(v -> retryAfter(v, clock));
    }

    static Optional<Duration> millis(String value) {
        try {
            double ms = Double.parseDouble(value.strip());
            return ms >= 0 && Double.isFinite(ms)
                    ? Optional.of(Duration.ofNanos((long) (ms * 1_000_000)))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Duration> retryAfter(String value, Clock clock) {
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code error.details[@type=RetryInfo].retryDelay} of a Google error body. */
    static Optional<Duration> fromGoogleBody(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (RETRY_INFO.equals(detail.path("@type").asText())) {
                return protoDuration(detail.path("retryDelay").asText(""));
            }
        }
        return Optional.empty();
    }

    static Optional<Duration> protoDuration(String value) {
        Matcher m = PROTO_DURATION.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal nanos = new BigDecimal(m.group(1)).movePointRight(9);
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }
}
