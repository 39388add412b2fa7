package dev.sluice.platform.http;

/**
 * An error a handler throws to answer with a given status and a message the client can act on.
 * {@link HttpApp} turns it into {@code {"status":..,"error":..,"message":..,"field":..}}. No stack
 * trace is captured: these are answers, not bugs.
 */
public class HttpError extends RuntimeException {
    private final int status;
    private final String field;

    public HttpError(int status, String message) {
        this(status, message, null);
    }

    public HttpError(int status, String message, String field) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an HttpError needs a 4xx or 5xx status, got " + status);
        }
        this.status = status;
        this.field = field;
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    public static HttpError conflict(String message) {
        return new HttpError(409, message);
    }

    public int status() {
        return status;
    }

    /** The request field at fault (a JSON path such as {@code items[0].precio}), or null. */
    public String field() {
        return field;
    }
}
