package dev.sluice.answers.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** One provider's response and error bodies, so the simulator can speak both OpenAI and Ollama. */
interface WireFormat {
    ObjectNode answer(String text, String finishReason, Instant now, long sequence, Duration latency, int promptWords);

    ObjectNode badRequest(String message, String param);

    ObjectNode overload(int status, int capacity);

    ObjectNode quota(double perSecond, Duration retryAfter);

    /**
     * Whether a quota error carries its delay in {@code Retry-After} and {@code retry-after-ms}
     * headers (OpenAI, Ollama); Gemini sends none and puts it in the body's {@code RetryInfo}.
     */
    default boolean retryAfterHeaders() {
        return true;
    }

    /** Whitespace-separated words (what {@code split("\\s+")} would count, without a regex per call). */
    static int words(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    static String simulatedFatal() {
        return "simulated invalid request: the sluice-simulator rejects this share of calls (simulator fatal rate)";
    }
}
