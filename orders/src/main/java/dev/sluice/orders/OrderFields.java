package dev.sluice.orders;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for an order's fields, shared by the HTTP request (which answers 400 naming the field)
 * and the Kafka message (which is dead-lettered with the reason), so both refuse the same values.
 */
public final class OrderFields {
    public static final int MAX_NOMBRE = 200;
    /** RFC 5321 caps a forward path at 256 octets including the brackets. */
    public static final int MAX_CORREO = 254;
    // Deliberately plain: one @, a dot in the domain, no spaces. Full RFC 5322 parsing accepts
    // addresses (comments, quoted local parts) that SMTP servers of small shops often refuse.
    private static final Pattern CORREO = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    // Characters an address header gives a meaning to (a second recipient after a comma, a display
    // name before '<', a comment in parentheses) and control characters, line separators included:
    // the correo goes into an SMTP envelope and a To header as it is, so it must be one plain address.
    private static final Pattern CORREO_SPECIALS = Pattern.compile("[,;:<>()\\[\\]\"\\\\\\p{Cc}\\p{Zl}\\p{Zp}]");
    // Text columns in PostgreSQL cannot hold NUL, and no product name needs a control character.
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private OrderFields() {}

    public static Optional<String> nombreProblem(String nombre) {
        if (nombre == null) {
            return Optional.of("is required: the product name, e.g. \"Macbook air M1\"");
        }
        if (nombre.isBlank()) {
            return Optional.of("must not be empty: give the product name");
        }
        if (nombre.length() > MAX_NOMBRE) {
            return Optional.of("is " + nombre.length() + " characters long; at most " + MAX_NOMBRE + " are accepted");
        }
        if (CONTROL.matcher(nombre).find()) {
            return Optional.of("must not contain control characters (NUL, tab, line breaks); give the product name");
        }
        return Optional.empty();
    }

    public static Optional<String> precioProblem(long precio) {
        return precio < 0 ? Optional.of("must be zero or more, was " + precio) : Optional.empty();
    }

    public static Optional<String> correoProblem(String correo) {
        if (correo == null || correo.isBlank()) {
            return Optional.of("is required: the customer's e-mail address, e.g. \"cliente@correo.com\"");
        }
        if (CORREO_SPECIALS.matcher(correo).find()) {
            return Optional.of("must be one plain e-mail address like cliente@correo.com, without control characters,"
                    + " line breaks or any of , ; : < > ( ) [ ] \" \\");
        }
        if (correo.length() > MAX_CORREO || !CORREO.matcher(correo).matches()) {
            return Optional.of("'" + abbreviate(correo) + "' is not an e-mail address like cliente@correo.com");
        }
        return Optional.empty();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
