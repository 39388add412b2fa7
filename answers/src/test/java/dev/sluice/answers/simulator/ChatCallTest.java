package dev.sluice.answers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChatCallTest {
    private static final String BODY = """
      {"model":"m","user":"%s","messages":[{"role":"system","content":"be brief"},
       {"role":"user","content":[{"type":"text","text":"Why is the sky blue?"}]}]}""";

    @Test
    void attemptComesFromTheHeaderElseTheUserField() throws Exception {
        assertThat(ChatCall.parse(BODY.formatted("q-17#3"), null, null).attempt())
                .isEqualTo(3);
        assertThat(ChatCall.parse(BODY.formatted("q-17#3"), "5", null).attempt())
                .isEqualTo(5);
        assertThat(ChatCall.parse(BODY.formatted(""), null, null).attempt()).isEqualTo(1);
    }

    @Test
    void promptIsTheLastUserMessageAndKeyPrefersTheQuestionId() throws Exception {
        ChatCall call = ChatCall.parse(BODY.formatted(""), null, "q-9");
        assertThat(call.prompt()).isEqualTo("Why is the sky blue?");
        assertThat(call.questionKey()).isEqualTo("q-9");
    }

    @Test
    void missingMessagesAreRejectedByName() {
        assertThatThrownBy(() -> ChatCall.parse("{\"model\":\"m\"}", null, null))
                .hasMessageContaining("'messages'");
        assertThatThrownBy(() -> ChatCall.parse("not json", null, null)).hasMessageContaining("not valid JSON");
    }
}
