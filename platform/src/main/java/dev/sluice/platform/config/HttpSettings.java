package dev.sluice.platform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP server: the address it binds ({@code 127.0.0.1} by default, so only this machine reaches
 * it until someone says otherwise), its port (0 = ephemeral), the largest request body it accepts,
 * the API keys that open writes and personal data (empty = no keys; see {@code
 * dev.sluice.platform.http.ApiKeys} for the rules), and how far below the normal CPU priority its
 * request threads run ({@code http.nice}, Linux nice 0–19). The keys are {@link Secret}s, so this record
 * prints {@code ****} for them.
 */
public record HttpSettings(String host, int port, long maxBodyBytes, List<Secret> apiKeys, int nice) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    /**
     * {@code http.nice} when not configured: request threads yield the CPU to work already
     * admitted. Measured in docs/benchmarks.md ("Orders"): a 10,000-order burst's transition lag
     * p99 97–145 ms against 232–642 ms at 0, same jar, 2 cores.
     */
    public static final int DEFAULT_NICE = 10;
    /** Shortest key accepted: about 96 bits of a random hex or base64 key. */
    public static final int MIN_KEY_LENGTH = 16;

    // Host names, IPv4 and IPv6 literals; anything with spaces or slashes is refused.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-:%\\[\\]]+");
    // RFC 6750 token68: what can follow "Bearer " in a header without quoting.
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    public HttpSettings {
        Objects.requireNonNull(host, "http.host");
        host = host.strip();
        // One colon is host:port; an IPv6 literal has at least two.
        if (!HOST.matcher(host).matches() || host.chars().filter(c -> c == ':').count() == 1) {
            throw Values.invalid(
                    "http.host",
                    host,
                    "an address or host name to bind: 127.0.0.1 (this machine only), 0.0.0.0 (every"
                            + " interface, e.g. in a container) or one interface's address");
        }
        Values.checkPort("http.port", port);
        if (nice < 0 || nice > 19) {
            throw Values.invalid(
                    "http.nice",
                    String.valueOf(nice),
                    "0 (normal CPU priority) to 19 (lowest): how far below normal the request threads run");
        }
        if (maxBodyBytes < 1) {
            throw Values.invalid(
                    "http.max-body-bytes",
                    String.valueOf(maxBodyBytes),
                    "a size in bytes >= 1 (e.g. 1048576, 512KiB, 1MiB)");
        }
        apiKeys = List.copyOf(Objects.requireNonNull(apiKeys, "http.api-keys"));
        for (Secret key : apiKeys) {
            Optional<String> problem = keyProblem(key.reveal());
            if (problem.isPresent()) {
                throw new ConfigException("http.api-keys: a key " + problem.get());
            }
        }
    }

    /** Request threads at the normal priority ({@code http.nice} 0). */
    public HttpSettings(String host, int port, long maxBodyBytes, List<Secret> apiKeys) {
        this(host, port, maxBodyBytes, apiKeys, 0);
    }

    /** Loopback, no keys, normal priority: what tests and embedded tools start with. */
    public HttpSettings(int port, long maxBodyBytes) {
        this(DEFAULT_HOST, port, maxBodyBytes, List.of());
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(host, newPort, maxBodyBytes, apiKeys, nice);
    }

    public HttpSettings withNice(int newNice) {
        return new HttpSettings(host, port, maxBodyBytes, apiKeys, newNice);
    }

    public HttpSettings withApiKeys(List<Secret> keys) {
        return new HttpSettings(host, port, maxBodyBytes, keys, nice);
    }

    /**
     * Parses {@code SLUICE_HTTP_API_KEYS}: keys separated by commas, blanks around them ignored. A
     * problem names the key's position, never its text, since the text is the secret.
     */
    public static List<Secret> parseApiKeys(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Secret> keys = new ArrayList<>();
        String[] parts = text.split(",", -1);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String key = parts[i].strip();
            String where = parts.length == 1 ? "the key" : "key " + (i + 1) + " of " + parts.length;
            Optional<String> problem = keyProblem(key);
            if (problem.isPresent()) {
                problems.add("http.api-keys: " + where + " " + problem.get());
            } else {
                keys.add(Secret.of(key));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return List.copyOf(keys);
    }

    private static Optional<String> keyProblem(String key) {
        if (key.isEmpty()) {
            return Optional.of("is empty; separate keys with single commas, e.g. key1,key2");
        }
        if (key.length() < MIN_KEY_LENGTH || !KEY.matcher(key).matches()) {
            return Optional.of("is not accepted: a key is at least " + MIN_KEY_LENGTH
                    + " characters of letters, digits and - . _ ~ + / (generate one with"
                    + " 'openssl rand -hex 24')");
        }
        return Optional.empty();
    }
}
