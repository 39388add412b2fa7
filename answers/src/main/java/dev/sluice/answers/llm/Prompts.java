package dev.sluice.answers.llm;

/**
 * The words sent to the model. A first attempt is the question as asked (title, then body). A
 * regeneration is the same question followed by a paragraph saying the previous answer was judged off
 * the mark, quoting it (cut to {@code answers.regeneration.previous-answer-chars}), and asking for a
 * direct, specific answer instead. Sending the first prompt again word for word, as the loop did at
 * first, let a model that answers the same thing twice be paid for the same answer on every attempt.
 *
 * <p>The question stays first and unchanged, so the feedback is an addition a provider's prompt cache
 * and the LLM simulator (which finds its reference by the prompt's first paragraph) both still see.
 */
public final class Prompts {
    /** The default system prompt: the site, the register, and the question's own language. */
    public static final String SYSTEM = "You answer questions from a community Q&A site. Answer helpfully and "
            + "concisely in plain text, in the language the question is written in.";

    static final String FEEDBACK =
            "This is another try at the question above. Your previous answer was judged " + "off the mark";
    static final String ASK = "Do not repeat it. Answer the question directly and specifically: give the answer "
            + "itself first, with the concrete facts, steps or names it needs, in the language of the question.";

    private Prompts() {}

    /** The user message for {@code request}. */
    public static String user(LlmRequest request) {
        String question = request.content().isBlank() ? request.title() : request.title() + "\n\n" + request.content();
        if (!request.isRegeneration()) {
            return question;
        }
        StringBuilder out = new StringBuilder(question).append("\n\n").append(FEEDBACK);
        if (request.previousAnswer().isBlank()) {
            out.append(".\n\n");
        } else {
            out.append(":\n\n<previous_answer>\n")
                    .append(request.previousAnswer().strip())
                    .append("\n</previous_answer>\n\n");
        }
        return out.append(ASK).toString();
    }
}
