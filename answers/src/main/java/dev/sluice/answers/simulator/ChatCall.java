package dev.sluice.answers.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.platform.kafka.Json;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an OpenAI or Ollama chat request the simulator uses: the last user message, and
 * the attempt number ({@code x-sluice-attempt} header, else the last number in the request's
 * {@code user} field, else 1) and a question key for the seeded draw.
 */
record ChatCall(String prompt, int attempt, String questionKey) {
    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)\\D*$");

    static final class Invalid extends Exception {
        final String param;

        Invalid(String message, String param) {
            super(message);
            this.param = param;
        }
    }

    static ChatCall parse(String body, String attemptHeader, String questionHeader) throws Invalid {
        return parse(
                new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                attemptHeader,
                questionHeader);
    }

    static ChatCall parse(java.io.InputStream body, String attemptHeader, String questionHeader) throws Invalid {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Invalid("the request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw new Invalid("the request body cannot be read: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("the request body must be a JSON object with 'model' and 'messages'", null);
        }
        if (!root.has("messages") && root.has("contents")) {
            return gemini(root, attemptHeader, questionHeader);
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new Invalid("'messages' is required: a non-empty array of {role, content}", "messages");
        }
        String prompt = null;
        for (JsonNode m : messages) {
            if ("user".equals(m.path("role").asText())) {
                prompt = text(m.get("content"));
            }
        }
        if (prompt == null || prompt.isBlank()) {
            throw new Invalid("'messages' needs a user message with text content", "messages");
        }
        int attempt = attempt(attemptHeader, root.path("user").asText(""));
        String key = questionHeader == null || questionHeader.isBlank() ? prompt : questionHeader;
        return new ChatCall(prompt, attempt, key);
    }

    /** Gemini's generateContent: the last {@code user} entry of {@code contents}, its text parts joined. */
    private static ChatCall gemini(JsonNode root, String attemptHeader, String questionHeader) throws Invalid {
        String prompt = null;
        for (JsonNode c : root.get("contents")) {
            if ("user".equals(c.path("role").asText("user"))) {
                StringBuilder sb = new StringBuilder();
                c.path("parts").forEach(p -> sb.append(p.path("text").asText("")));
                prompt = sb.toString();
            }
        }
        if (prompt == null || prompt.isBlank()) {
            throw new Invalid("'contents' needs a user entry with text parts", "contents");
        }
        int attempt = attempt(attemptHeader, "");
        String key = questionHeader == null || questionHeader.isBlank() ? prompt : questionHeader;
        return new ChatCall(prompt, attempt, key);
    }

    /** Content is a string, or (OpenAI) an array of parts of which the text ones count. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            content.forEach(p -> sb.append(p.path("text").asText("")));
            return sb.toString();
        }
        return content.asText();
    }

    private static int attempt(String header, String user) {
        String source = header != null && !header.isBlank() ? header.strip() : user;
        Matcher m = LAST_NUMBER.matcher(source);
        if (m.find()) {
            try {
                return Math.max(1, Integer.parseInt(m.group(1)));
            } catch (NumberFormatException tooBig) {
                return 1;
            }
        }
        return 1;
    }
}
