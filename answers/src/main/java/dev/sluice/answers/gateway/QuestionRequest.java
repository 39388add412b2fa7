package dev.sluice.answers.gateway;

import dev.sluice.platform.http.BadRequest;
import java.util.regex.Pattern;

/**
 * One question in {@code POST /api/questions}: {@code {"id"?:..., "title":..., "content"?:...,
 * "bestAnswer"?:...}}. Checked here so a bad one is refused with a 400 naming the field (inside a
 * batch, Jackson prefixes the path: {@code questions[3].title}). The id is the client's, or derived
 * by {@link QuestionIds#derive}. Length limits keep one request from filling the database or an
 * LLM prompt; they are well below the body limit so the answer is a 400 that says which field.
 */
public record QuestionRequest(String id, String title, String content, String bestAnswer) {
    public static final int MAX_TITLE = 1_000;
    public static final int MAX_TEXT = 50_000;
    // PostgreSQL text cannot hold NUL (the claim would fail, and the client get a 503 as if the
    // database were down), and no question needs the other control characters; tab and line
    // breaks stay, the dataset's texts have them.
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");

    public QuestionRequest {
        if (title == null || title.isBlank()) {
            throw BadRequest.field("title", "is required: the question, e.g. \"Why is the sky blue?\"");
        }
        title = title.strip();
        content = content == null ? "" : content.strip();
        bestAnswer = bestAnswer == null ? "" : bestAnswer.strip();
        checkLength("title", title, MAX_TITLE);
        checkLength("content", content, MAX_TEXT);
        checkLength("bestAnswer", bestAnswer, MAX_TEXT);
        if (id == null || id.isBlank()) {
            id = QuestionIds.derive(title, content);
        } else if (!QuestionIds.VALID.matcher(id.strip()).matches()) {
            throw BadRequest.field(
                    "id",
                    "must be 1-128 letters, digits or . _ : - (or left out to derive one from the title and content)");
        } else {
            id = id.strip();
        }
    }

    private static void checkLength(String field, String value, int max) {
        if (value.length() > max) {
            throw BadRequest.field(field, "is " + value.length() + " characters long; the limit is " + max);
        }
        if (CONTROL.matcher(value).find()) {
            throw BadRequest.field(
                    field, "must not contain control characters other than tab and line breaks (NUL, escape, ...)");
        }
    }
}
