package dev.sluice.platform.http;

import dev.sluice.platform.config.Secret;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may come in, checked before every route by {@link HttpApp}. With no keys configured
 * ({@code http.api-keys} empty) nobody is asked for one. With keys:
 *
 * <ul>
 *   <li>the probes ({@code /health}, {@code /ready}, {@code /metrics}) stay open: orchestrators and
 *       Prometheus call them without credentials, and they tell no one's data;
 *   <li>a request that carries a key ({@code Authorization: Bearer <key>}) must carry one of the
 *       keys: 403 otherwise, on writes and reads alike, so a misconfigured client learns it at once
 *       instead of silently getting less;
 *   <li>every write (any method but GET, HEAD and OPTIONS) needs a key: 401 without one;
 *   <li>a read is answered either way; a route that returns personal data asks {@link
 *       #validKey(Context)} and shows that data only to a request with a valid key (GET
 *       /orders/{id} masks the e-mail otherwise).
 * </ul>
 *
 * Keys are compared by their SHA-256 digests with {@link MessageDigest#isEqual}, against every
 * configured key without stopping at a match, so the time taken tells nothing about a key.
 */
public final class ApiKeys {
    public static final String AUTHORIZATION = "Authorization";
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    /** The challenge a 401 carries (RFC 6750). */
    public static final String CHALLENGE = "Bearer realm=\"sluice\"";

    private static final String ATTRIBUTE = "sluice.api-key.valid";
    private static final String BEARER = "bearer ";
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = digests;
    }

    public static ApiKeys of(List<Secret> keys) {
        Objects.requireNonNull(keys, "keys");
        return new ApiKeys(keys.stream().map(k -> digest(k.reveal())).toList());
    }

    /** True when the request carried one of the configured keys; always false when none are configured. */
    public static boolean validKey(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(ATTRIBUTE));
    }

    boolean configured() {
        return !digests.isEmpty();
    }

    /** The before-handler: throws 401 or 403 as the class comment says, and marks a valid key on the request. */
    void check(Context ctx, Set<String> openPaths) {
        if (!configured() || openPaths.contains(ctx.path())) {
            return;
        }
        String header = ctx.header(AUTHORIZATION);
        if (header == null || header.isBlank()) {
            if (!READS.contains(ctx.method())) {
                throw new HttpError(
                        401,
                        ctx.method().name() + " " + ctx.path()
                                + " needs an API key: send 'Authorization: Bearer <key>'");
            }
            return;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new HttpError(401, "the Authorization header must be 'Bearer <key>'");
        }
        if (!matches(header.substring(BEARER.length()).strip())) {
            // Never echo the key: this message goes to the client and, with the status, into the request log.
            throw new HttpError(403, "the API key is not one of this server's keys (http.api-keys)");
        }
        ctx.attribute(ATTRIBUTE, true);
    }

    boolean matches(String presented) {
        byte[] given = digest(presented);
        boolean found = false;
        for (byte[] key : digests) {
            found |= MessageDigest.isEqual(key, given);
        }
        return found;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[" + digests.size() + " keys]";
    }
}
