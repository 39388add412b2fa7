package dev.sluice.answers.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptsTest {

    @Test
    void shouldAskAFirstAttemptAsTheQuestionWasAsked() {
        assertThat(Prompts.user(new LlmRequest("q", 1, "Why is my wifi slow?", "Only at night.")))
                .isEqualTo("Why is my wifi slow?\n\nOnly at night.");
        assertThat(Prompts.user(new LlmRequest("q", 1, "Why is my wifi slow?", "")))
                .isEqualTo("Why is my wifi slow?");
    }

    @Test
    void shouldTellARegenerationItsPreviousAnswerWasOffTheMarkAndQuoteIt() {
        String prompt = Prompts.user(
                new LlmRequest("q", 2, "Why is my wifi slow?", "Only at night.", "Restart the router.", null));

        assertThat(prompt)
                .as("the question first and unchanged, so the simulator and prompt caches still see it")
                .startsWith("Why is my wifi slow?\n\nOnly at night.\n\n");
        assertThat(prompt)
                .contains("previous answer was judged off the mark")
                .contains("<previous_answer>\nRestart the router.\n</previous_answer>")
                .contains("directly and specifically")
                .contains("language of the question");
    }

    @Test
    void shouldStillGiveTheFeedbackWithoutThePreviousAnswer() {
        String prompt = Prompts.user(new LlmRequest("q", 3, "Why is my wifi slow?", "", "", null));
        assertThat(prompt)
                .startsWith("Why is my wifi slow?\n\n")
                .contains("off the mark.")
                .doesNotContain("<previous_answer>");
    }

    @Test
    void shouldAskForTheQuestionsLanguageInTheSystemPrompt() {
        assertThat(LlmSettings.DEFAULT_SYSTEM_PROMPT).contains("in the language the question is written in");
    }
}
