package dev.sluice.platform.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * What a JSON request body must be before a route reads it: declared as JSON (415 otherwise), and
 * read with a mapper that does not turn one JSON type into another, so {@code "nombre": 42} or
 * {@code "precio": "759000"} is a 400 naming the field rather than a silently converted value.
 */
public final class JsonBodies {
    private JsonBodies() {}

    /**
     * Throws a 415 naming the accepted type when the request declares a type other than JSON. A
     * request without a Content-Type is let through: the body is still read strictly, and older
     * clients send none.
     */
    public static void requireJson(Context ctx) {
        String declared = ctx.header("Content-Type");
        if (declared == null || declared.isBlank()) {
            return;
        }
        String type = declared.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
            return;
        }
        throw new HttpError(
                415,
                "the request body is declared as '" + abbreviate(declared)
                        + "'; send JSON with Content-Type: application/json");
    }

    /**
     * A copy of {@code base} that refuses a number or boolean where text is expected, text or a
     * boolean where a number is expected, and anything after the body's JSON value.
     */
    public static ObjectMapper strict(ObjectMapper base) {
        ObjectMapper copy = base.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        copy.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
            copy.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        return copy;
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }
}
