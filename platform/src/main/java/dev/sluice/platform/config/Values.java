package dev.sluice.platform.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers and checks for configuration values. Every failure message has the same shape —
 * {@code key: 'value' is not <what is accepted>} — so operators learn to read one form.
 */
public final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(|b|kib|mib|gib)");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:(\\d{1,5})");

    private Values() {}

    static ConfigException invalid(String key, String value, String accepted) {
        return new ConfigException(key + ": '" + value + "' is not " + accepted);
    }

    public static int port(String key, String value) {
        try {
            return checkPort(key, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a port number (0-65535)");
        }
    }

    public static int checkPort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw invalid(key, String.valueOf(port), "a port number (0-65535)");
        }
        return port;
    }

    public static int intAtLeast(String key, String value, int min) {
        try {
            return checkAtLeast(key, Integer.parseInt(value.trim()), min);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a whole number >= " + min);
        }
    }

    /** A decimal number, e.g. {@code 0.5}. */
    public static double doubleValue(String key, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw invalid(key, value, "a decimal number such as 0.5");
    }

    public static int checkAtLeast(String key, int number, int min) {
        if (number < min) {
            throw invalid(key, String.valueOf(number), "a whole number >= " + min);
        }
        return number;
    }

    public static boolean bool(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, "one of [true, false]");
        };
    }

    public static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
        List<String> accepted = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList();
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return constant;
            }
        }
        throw invalid(key, value, "one of " + accepted);
    }

    /** Durations are written the way people say them: 500ms, 2s, 1m, 1h, 1d. */
    public static Duration duration(String key, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(key, value, "a duration (a whole number with a unit: 500ms, 2s, 1m, 1h, 1d)");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a duration of a sensible size");
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    public static List<Duration> durations(String key, String value) {
        List<Duration> result = new ArrayList<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                throw invalid(key, value, "a comma-separated list of durations (e.g. 1s,10s,1m)");
            }
            try {
                result.add(duration(key, part));
            } catch (ConfigException e) {
                throw invalid(
                        key,
                        value,
                        "a comma-separated list of durations (e.g. 1s,10s,1m): '" + part.trim()
                                + "' has no unit or an unknown one (ms, s, m, h, d)");
            }
        }
        return result;
    }

    /** Sizes in bytes, optionally with a binary unit: 1048576, 512KiB, 1MiB. */
    public static long bytes(String key, String value) {
        Matcher m = BYTES.matcher(value.trim().toLowerCase(Locale.ROOT));
        String accepted = "a size in bytes >= 1 (e.g. 1048576, 512KiB, 1MiB)";
        if (!m.matches()) {
            throw invalid(key, value, accepted);
        }
        try {
            long n = Long.parseLong(m.group(1));
            long size = switch (m.group(2)) {
                case "kib" -> Math.multiplyExact(n, 1024L);
                case "mib" -> Math.multiplyExact(n, 1024L * 1024);
                case "gib" -> Math.multiplyExact(n, 1024L * 1024 * 1024);
                default -> n;
            };
            if (size < 1) {
                throw invalid(key, value, accepted);
            }
            return size;
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(key, value, accepted);
        }
    }

    /** Empty means "embedded"; otherwise every entry must be host:port. */
    public static String checkBootstrapServers(String key, String servers) {
        if (servers.isBlank()) {
            return "";
        }
        for (String entry : servers.split(",")) {
            Matcher m = HOST_PORT.matcher(entry.trim());
            if (!m.matches() || Integer.parseInt(m.group(1)) > 65535) {
                throw invalid(
                        key,
                        servers,
                        "a comma-separated list of host:port (e.g. localhost:9092,broker2:9092); "
                                + "leave it empty for the embedded broker");
            }
        }
        return servers.trim();
    }

    public static Duration checkPositive(String key, Duration duration, Duration min) {
        if (duration.compareTo(min) < 0) {
            throw invalid(key, format(duration), "a duration >= " + format(min));
        }
        return duration;
    }

    /** Renders a duration back in the form the parser accepts, so describe() output can be pasted. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
