package dev.sluice.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloserTest {
    private static final List<String> closedByExtension = new ArrayList<>();

    @RegisterExtension
    final Closer closer = new Closer();

    @Test
    void shouldCloseLastOpenedFirst() throws Exception {
        List<String> closed = new ArrayList<>();
        try (Closer c = new Closer()) {
            c.closing(() -> closed.add("database"));
            c.closing(() -> closed.add("server"));
            assertThat(closed).isEmpty();
        }
        assertThat(closed).containsExactly("server", "database");
    }

    @Test
    void shouldCloseEverythingAndThrowTheFirstFailureWithTheOthersSuppressed() {
        List<String> closed = new ArrayList<>();
        Closer c = new Closer();
        c.closing(() -> closed.add("first"));
        c.closing(() -> {
            throw new IllegalStateException("second failed");
        });
        c.closing(() -> {
            throw new IllegalStateException("third failed");
        });

        assertThatThrownBy(c::close)
                .hasMessage("third failed")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .extracting(Throwable::getMessage)
                        .containsExactly("second failed"));
        assertThat(closed).containsExactly("first");
    }

    @Test
    @Order(1)
    void shouldCloseAfterEachTestAsAnExtension() {
        closer.closing(() -> closedByExtension.add("resource of test 1"));
        assertThat(closedByExtension).isEmpty();
    }

    @Test
    @Order(2)
    void shouldHaveClosedThePreviousTestsResources() {
        assertThat(closedByExtension).containsExactly("resource of test 1");
    }

    @AfterAll
    static void reset() {
        closedByExtension.clear();
    }
}
