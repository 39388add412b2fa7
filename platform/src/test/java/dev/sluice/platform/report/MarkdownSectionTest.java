package dev.sluice.platform.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownSectionTest {
    private static final MarkdownSection ORDERS = MarkdownSection.of("orders");
    private static final String SECTION = ORDERS.wrap("new");

    @Test
    void shouldReplaceOnlyItsOwnSection() {
        String doc = "# Benchmarks\n\n<!-- bench:delay:start -->\ndelay\n<!-- bench:delay:end -->\n"
                + ORDERS.start() + "\nold\n" + ORDERS.end()
                + "\n<!-- bench:other:start -->\nother\n<!-- bench:other:end -->\n";
        assertThat(ORDERS.replace(doc, SECTION))
                .isEqualTo("# Benchmarks\n\n<!-- bench:delay:start -->\ndelay\n<!-- bench:delay:end -->\n" + SECTION
                        + "<!-- bench:other:start -->\nother\n<!-- bench:other:end -->\n");
    }

    @Test
    void shouldAppendItsSectionWhenMissing() {
        assertThat(ORDERS.replace("# Benchmarks\n", SECTION)).isEqualTo("# Benchmarks\n\n" + SECTION);
        assertThat(ORDERS.replace("# Benchmarks\n\n", SECTION)).isEqualTo("# Benchmarks\n\n" + SECTION);
    }

    @Test
    void shouldPutEachMarkerOnALineOfItsOwn() {
        assertThat(ORDERS.wrap("a\n")).isEqualTo("<!-- bench:orders:start -->\na\n<!-- bench:orders:end -->\n");
        assertThat(ORDERS.wrap("a")).isEqualTo(ORDERS.wrap("a\n"));
    }

    @Test
    void shouldRewriteAFileInPlaceAndCreateAMissingOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("docs/benchmarks.md");
        ORDERS.write(file, "first");
        ORDERS.write(file, "second");
        MarkdownSection.of("delay").write(file, "other");
        assertThat(Files.readString(file))
                .startsWith(MarkdownSection.NEW_FILE)
                .contains(ORDERS.wrap("second"), MarkdownSection.of("delay").wrap("other"))
                .doesNotContain("first");
    }

    @Test
    void shouldWriteATableRowCellByCell() {
        assertThat(MarkdownSection.row(1000, 2.5, null, "a / b")).isEqualTo("| 1000 | 2.5 | null | a / b |");
    }

    @Test
    void shouldRefuseAnIdThatWouldBreakTheMarkers() {
        assertThatThrownBy(() -> MarkdownSection.of("a -->")).hasMessageContaining("section id");
    }
}
