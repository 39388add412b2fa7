package dev.sluice.platform.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.flink.streaming.api.environment.RemoteStreamEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkTargetTest {

    @TempDir
    Path dir;

    @Test
    void remoteTargetGivesARemoteEnvironment() throws IOException {
        Path jar = emptyJar();

        FlinkTarget target = FlinkTarget.remote("flink-jobmanager", 8081, List.of(jar));

        assertThat(target.environment()).isInstanceOf(RemoteStreamEnvironment.class);
        assertThat(target.toString()).contains("flink-jobmanager:8081");
    }

    @Test
    void remoteTargetNeedsTheJobJar() {
        assertThatThrownBy(() -> FlinkTarget.remote("localhost", 8081, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job jar");
    }

    @Test
    void remoteTargetNamesAMissingJar() {
        Path missing = dir.resolve("nope.jar");

        assertThatThrownBy(() -> FlinkTarget.remote("localhost", 8081, List.of(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void remoteTargetRejectsABadPort() throws IOException {
        Path jar = emptyJar();

        assertThatThrownBy(() -> FlinkTarget.remote("localhost", 0, List.of(jar)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8081");
    }

    // Flink opens the jars when the environment is made, so an empty file would not do
    private Path emptyJar() throws IOException {
        Path jar = dir.resolve("job.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }
}
