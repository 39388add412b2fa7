package dev.sluice.platform.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The PostgreSQL connection. An empty {@code url} means "start embedded PostgreSQL on
 * {@code port}". The password is a {@link Secret}, and a password written into the URL is masked
 * too, so neither this record's {@code toString} nor {@link SluiceConfig#describe()} leaks it.
 */
public record DatabaseSettings(String url, String username, Secret password, int port, int poolSize) {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@]+:)[^/@]*@");

    public DatabaseSettings {
        url = Objects.requireNonNull(url, "database.url").trim();
        if (!url.isEmpty() && !url.startsWith("jdbc:")) {
            throw Values.invalid(
                    "database.url",
                    maskUrl(url),
                    "a JDBC URL (e.g. jdbc:postgresql://host:5432/sluice); leave it empty for embedded PostgreSQL");
        }
        Objects.requireNonNull(username, "database.username");
        if (username.isBlank()) {
            throw Values.invalid("database.username", username, "a non-empty user name");
        }
        Objects.requireNonNull(password, "database.password");
        Values.checkPort("database.port", port);
        Values.checkAtLeast("database.pool-size", poolSize, 1);
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** The URL with any password in it replaced by {@code ****}. */
    public static String maskUrl(String url) {
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1" + Secret.MASK);
        return URL_USERINFO.matcher(masked).replaceAll("$1" + Secret.MASK + "@");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + maskUrl(url) + ", username=" + username + ", password=" + password + ", port="
                + port + ", poolSize=" + poolSize + "]";
    }
}
