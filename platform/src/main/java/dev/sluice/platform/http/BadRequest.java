package dev.sluice.platform.http;

/**
 * A 400 naming the request field at fault. Throw it from a handler, or from a request record's
 * compact constructor: {@link HttpApp} unwraps it from Jackson's wrapping so the field survives.
 */
public final class BadRequest extends HttpError {
    public BadRequest(String message) {
        super(400, message, null);
    }

    public BadRequest(String field, String message) {
        super(400, message, field);
    }

    /** {@code BadRequest.field("precio", "must be a positive whole number of pesos")}. */
    public static BadRequest field(String field, String message) {
        return new BadRequest(field, message);
    }
}
