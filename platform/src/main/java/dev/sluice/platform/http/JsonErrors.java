package dev.sluice.platform.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Translates Jackson's exceptions about a request body into a 400 that names the field, in words
 * a client can act on, without Java class names or stack traces.
 */
final class JsonErrors {
    private JsonErrors() {}

    static HttpError toHttpError(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException vie) {
            // A request record's compact constructor refused the value: its own words are the best message.
            Throwable cause = vie.getCause();
            String path = path(vie);
            if (cause instanceof HttpError httpError) {
                String field = httpError.field() == null ? path : join(path, httpError.field());
                return new HttpError(httpError.status(), httpError.getMessage(), field);
            }
            String message = cause == null || cause.getMessage() == null ? "invalid value" : cause.getMessage();
            return new BadRequest(path, message);
        }
        if (e instanceof UnrecognizedPropertyException upe) {
            return new BadRequest(path(upe), "unknown field '" + upe.getPropertyName() + "'");
        }
        if (e instanceof InvalidFormatException ife) {
            return new BadRequest(path(ife), "'" + ife.getValue() + "' is not " + expected(ife.getTargetType()));
        }
        if (e instanceof MismatchedInputException mie) {
            String path = path(mie);
            if (path == null && String.valueOf(mie.getOriginalMessage()).startsWith("No content")) {
                return new BadRequest("the request body is empty; send a JSON object");
            }
            if (String.valueOf(mie.getOriginalMessage()).startsWith("Trailing token")) {
                return new BadRequest(
                        "malformed JSON: more after the end of the value: " + firstLine(mie.getOriginalMessage()));
            }
            return new BadRequest(path, "wrong type: expected " + expected(mie.getTargetType()));
        }
        if (e instanceof JsonMappingException jme) {
            return new BadRequest(path(jme), firstLine(jme.getOriginalMessage()));
        }
        if (e instanceof StreamReadException sre) {
            JsonLocation at = sre.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new BadRequest(
                    pointer(sre.getProcessor()), "malformed JSON" + where + ": " + firstLine(sre.getOriginalMessage()));
        }
        // StreamConstraintsException (nesting too deep, a number too long): name the top-level field it is
        // in, not a path hundreds of levels deep
        return new BadRequest(
                topLevel(pointer(e.getProcessor())), "malformed JSON: " + firstLine(e.getOriginalMessage()));
    }

    /** Jackson's reference chain as {@code items[0].precio}, or null at the top level. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Where a parse error happened, from the parser's own context, so a broken value is still named. */
    private static String pointer(Object processor) {
        if (!(processor instanceof JsonParser parser) || parser.getParsingContext() == null) {
            return null;
        }
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        if (pointer.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            if (part.matches("\\d+")) {
                sb.append('[').append(part).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".")
                        .append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }

    private static String topLevel(String path) {
        if (path == null || path.startsWith("[")) {
            return null;
        }
        int end = path.length();
        for (char c : new char[] {'.', '['}) {
            int i = path.indexOf(c);
            if (i > 0 && i < end) {
                end = i;
            }
        }
        return path.substring(0, end);
    }

    private static String join(String parent, String child) {
        return parent == null ? child : parent + "." + child;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type)
                || (type.isPrimitive() && type != boolean.class && type != char.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type) || List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
