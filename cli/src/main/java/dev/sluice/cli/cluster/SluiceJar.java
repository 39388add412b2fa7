package dev.sluice.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The shaded jar this process runs from: every cluster process runs the same one. */
final class SluiceJar {
    private SluiceJar() {}

    /**
     * Copies {@code jar} into the cluster dir (unless the copy there is the same size and not older), so
     * rebuilding the project while the cluster runs cannot change the classes under its processes.
     */
    static Path install(Path jar, Path dir) {
        Path target = dir.toAbsolutePath().resolve("sluice.jar");
        try {
            if (target.equals(jar.toAbsolutePath())) {
                return target;
            }
            if (!Files.exists(target)
                    || Files.size(target) != Files.size(jar)
                    || Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling("sluice.jar.tmp");
                Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + jar + " to " + target, e);
        }
    }

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
