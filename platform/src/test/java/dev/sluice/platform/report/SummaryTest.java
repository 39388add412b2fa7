package dev.sluice.platform.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orders", 100);
        m.put("lost", 0L);
        m.put("first_error", null);
        m.put("rates", List.of(1, 2));
        return m;
    }

    @Test
    void shouldAlignValuesInOneColumnAndLeaveOutWhatWasNotMeasured() {
        String n = System.lineSeparator();
        assertThat(Summary.table(values()))
                .isEqualTo(n + "  orders  100" + n + "  lost    0" + n + "  rates   [1, 2]" + n);
    }

    @Test
    void shouldPrintOneJsonLineWithEveryValue() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.print(values(), true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"orders\":100,\"lost\":0,\"first_error\":null,\"rates\":[1,2]}" + System.lineSeparator());
    }
}
