package dev.sluice.cli.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shaded jar this process runs from: every cluster process runs the same one. */
final class SluiceJar {
    private SluiceJar() {}

    static Path locate() {
        try {
            Path self = Path.of(SluiceJar.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return self;
            }
        } catch (Exception e) {
            // fall through to the message below
        }
        throw new IllegalStateException(
                "sluice cluster runs every process from the shaded jar, and this process does not run from one:"
                        + " use ./sluice, or give --jar cli/target/sluice.jar");
    }
}
