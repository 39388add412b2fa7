package dev.sluice.platform.config;

/** The HTTP server's port (0 = ephemeral) and the largest request body it accepts. */
public record HttpSettings(int port, long maxBodyBytes) {
    public HttpSettings {
        Values.checkPort("http.port", port);
        if (maxBodyBytes < 1) {
            throw Values.invalid(
                    "http.max-body-bytes",
                    String.valueOf(maxBodyBytes),
                    "a size in bytes >= 1 (e.g. 1048576, 512KiB, 1MiB)");
        }
    }
}
