package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChildJvmTest {
    @RegisterExtension
    final Closer closer = new Closer();

    /** Runs until killed, after saying it is ready and showing its arguments, environment and heap. */
    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            System.out.println("args " + String.join(" ", args));
            System.err.println("env " + System.getenv("CHILD_JVM_TEST"));
            System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m");
            ChildJvm.signalReady();
            new CountDownLatch(1).await();
        }
    }

    /** Fails before it is ready. */
    public static final class Crasher {
        public static void main(String[] args) {
            System.err.println("cannot connect to the broker");
            System.exit(3);
        }
    }

    @Test
    void shouldStartAMainInANewJvmWaitForItToBeReadyAndKillIt() throws Exception {
        ChildJvm child = closer.closing(ChildJvm.of(Sleeper.class)
                .args("a", "b")
                .env("CHILD_JVM_TEST", "from-env")
                .maxHeap("64m")
                .awaitReady(Duration.ofSeconds(60))
                .start());

        assertThat(child.isAlive()).isTrue();
        assertThat(child.process().pid()).isNotEqualTo(ProcessHandle.current().pid());
        child.awaitLine("env from-env", Duration.ofSeconds(10)); // stderr goes to the same log
        assertThat(Files.readString(child.log()))
                .contains("args a b")
                .containsPattern("max heap (5\\d|6\\d)m")
                .contains(ChildJvm.READY);

        child.kill();
        assertThat(child.isAlive()).isFalse();
        assertThat(child.process().exitValue()).as("SIGKILL").isEqualTo(137);
        child.kill(); // idempotent
    }

    @Test
    void shouldFailTheStartWithTheChildsOutputWhenItDiesBeforeItIsReady() {
        assertThatThrownBy(() -> ChildJvm.of(Crasher.class)
                        .awaitReady(Duration.ofSeconds(60))
                        .start())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Crasher exited with code 3")
                .hasMessageContaining("cannot connect to the broker");
    }

    @Test
    void shouldNameWhatToFixInABadSetting() {
        assertThatThrownBy(() -> ChildJvm.of(Sleeper.class).maxHeap("lots"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256m");
        assertThatThrownBy(() -> ChildJvm.of(null)).hasMessageContaining("main method");
    }
}
