package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConsoleCaptureTest {
    @Test
    void shouldCaptureBothStreamsAndPutTheOriginalsBack() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ConsoleCapture console;
        try (ConsoleCapture c = ConsoleCapture.start()) {
            console = c;
            System.out.println("héllo");
            System.out.println("{\"done\":true}");
            System.out.println();
            System.err.println("careful");
            assertThat(System.out).isNotSameAs(out);
        }
        assertThat(System.out).isSameAs(out);
        assertThat(System.err).isSameAs(err);
        assertThat(console.outLines()).containsExactly("héllo", "{\"done\":true}", "");
        assertThat(console.lastOutLine()).isEqualTo("{\"done\":true}");
        assertThat(console.err()).isEqualTo("careful" + System.lineSeparator());

        console.reset();
        assertThat(console.out()).isEmpty();
        assertThatThrownBy(console::lastOutLine).hasMessageContaining("nothing was printed");
    }

    @Test
    void shouldLeaveStderrAloneWhenCapturingStdoutOnly() {
        PrintStream err = System.err;
        try (ConsoleCapture console = ConsoleCapture.startStdout()) {
            assertThat(System.err).isSameAs(err);
            System.out.print("{}");
            assertThat(console.lastOutLine()).isEqualTo("{}");
        }
    }

    @Nested
    class AsAnExtension {
        @RegisterExtension
        final ConsoleCapture console = new ConsoleCapture();

        @Test
        void shouldCaptureTheTest() {
            System.out.print("from the test");
            assertThat(console.out()).isEqualTo("from the test");
        }
    }
}
