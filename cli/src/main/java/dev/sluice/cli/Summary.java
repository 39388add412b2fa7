package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sluice.platform.kafka.Json;
import java.util.Map;

/** One summary at the end of a run: a table for people, or one JSON line for scripts. */
public final class Summary {
    private Summary() {}

    public static void print(Map<String, Object> values, boolean json) {
        if (json) {
            try {
                System.out.println(Json.mapper().writeValueAsString(values));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        System.out.println();
        values.forEach((k, v) -> System.out.printf("  %-" + width + "s  %s%n", k, v));
    }
}
