package dev.sluice.platform.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.HttpStatus;
import java.util.Locale;

/**
 * The JSON body of every error answer: {@code {"status":400,"error":"bad_request",
 * "message":"...","field":"precio"}}. {@code error} is the status reason in snake case, stable for
 * clients to switch on; {@code field} is left out when no single field is at fault.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String message, String field) {

    public static ErrorBody of(int status, String message, String field) {
        return new ErrorBody(status, code(status), message, field);
    }

    static String code(int status) {
        HttpStatus known = HttpStatus.forStatus(status);
        String reason = known == HttpStatus.UNKNOWN ? "error" : known.getMessage();
        return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }
}
