package dev.sluice.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

    @Test
    void shouldDefaultToTheBrokersReplicationFactor() {
        TopicSpec spec = TopicSpec.of("questions.pending", 6);

        assertThat(spec.replicationFactor()).isEqualTo(TopicSpec.BROKER_DEFAULT);
        assertThat(spec.configs()).isEmpty();
    }

    @Test
    void shouldAddConfigsWithoutChangingTheOriginal() {
        TopicSpec base = TopicSpec.of("answers.validated", 3);

        TopicSpec replicated = base.withReplicationFactor(3).withConfig("min.insync.replicas", "2");

        assertThat(replicated.replicationFactor()).isEqualTo((short) 3);
        assertThat(replicated.configs()).containsEntry("min.insync.replicas", "2");
        assertThat(base.configs()).isEmpty();
    }

    @Test
    void shouldCopyConfigsSoLaterChangesDoNotLeakIn() {
        Map<String, String> configs = new HashMap<>(Map.of("retention.ms", "1000"));
        TopicSpec spec = new TopicSpec("t", 1, (short) 1, configs);

        configs.put("cleanup.policy", "compact");

        assertThat(spec.configs()).containsOnlyKeys("retention.ms");
    }

    @Test
    void shouldExplainAnIllegalName() {
        assertThatThrownBy(() -> TopicSpec.of("questions pending", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'questions pending'")
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> TopicSpec.of(" ", 1)).hasMessageContaining("name is missing");
        assertThatThrownBy(() -> TopicSpec.of(null, 1)).hasMessageContaining("name is missing");
        assertThatThrownBy(() -> TopicSpec.of("..", 1)).hasMessageContaining("not valid");
        assertThatThrownBy(() -> TopicSpec.of("x".repeat(250), 1)).hasMessageContaining("at most 249");
    }

    @Test
    void shouldExplainBadCounts() {
        assertThatThrownBy(() -> TopicSpec.of("t", 0)).hasMessageContaining("at least 1 partition, was 0");
        assertThatThrownBy(() -> new TopicSpec("t", 1, (short) 0, Map.of()))
                .hasMessageContaining("replicationFactor must be >= 1, or -1 for the broker default, was 0");
        assertThatThrownBy(() -> new TopicSpec("t", 1, (short) -2, Map.of())).hasMessageContaining("was -2");
    }

    @Test
    void shouldExplainMissingOrIncompleteConfigs() {
        Map<String, String> withNullValue = new HashMap<>();
        withNullValue.put("retention.ms", null);

        assertThatThrownBy(() -> new TopicSpec("t", 1, (short) 1, null)).hasMessageContaining("pass Map.of() for none");
        assertThatThrownBy(() -> new TopicSpec("t", 1, (short) 1, withNullValue))
                .hasMessageContaining("retention.ms=null");
    }
}
