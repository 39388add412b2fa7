package dev.sluice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.platform.kafka.Parsed;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OrderTest {
    private static final String WIRE =
            "{\"id\":1,\"nombre\":\"Macbook air M1\",\"precio\":759000,\"correo\":\"a@b.c\",\"estado\":\"recibido\"}";

    @Test
    void shouldWriteTheAssignmentsWireFormat() {
        Order order = new Order(1, "Macbook air M1", 759000, "a@b.c", Estado.RECIBIDO);
        assertThat(new String(OrderTopics.SERDE.toBytes(order), StandardCharsets.UTF_8))
                .isEqualTo(WIRE);
    }

    @Test
    void shouldReadTheWireFormatBack() {
        Parsed<Order> parsed = OrderTopics.SERDE.parse(WIRE.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.isOk()).isTrue();
        assertThat(parsed.value()).isEqualTo(new Order(1, "Macbook air M1", 759000, "a@b.c", Estado.RECIBIDO));
    }

    @Test
    void shouldNameTheFieldWhenAMessageIsInvalid() {
        assertThat(reason(WIRE.replace("\"precio\":759000", "\"precio\":-5"))).contains("precio");
        assertThat(reason(WIRE.replace("\"a@b.c\"", "\"not-an-address\""))).contains("correo");
        assertThat(reason(WIRE.replace("\"Macbook air M1\"", "\" \""))).contains("nombre");
        assertThat(reason(WIRE.replace("recibido", "perdido")))
                .contains("estado")
                .contains("recibido, preparando");
        assertThat(reason("{not json")).startsWith("malformed JSON");
    }

    @Test
    void shouldMoveThroughTheStatesInOrder() {
        assertThat(Estado.RECIBIDO.next()).contains(Estado.PREPARANDO);
        assertThat(Estado.PREPARANDO.next()).contains(Estado.ENTREGANDO);
        assertThat(Estado.ENTREGANDO.next()).contains(Estado.FINALIZADO);
        assertThat(Estado.FINALIZADO.next()).isEmpty();
    }

    @Test
    void shouldRefuseAnOrderWithoutAPositiveId() {
        assertThatThrownBy(() -> new Order(0, "x", 1, "a@b.c", Estado.RECIBIDO)).hasMessageContaining("id");
    }

    @Test
    void shouldKeyEveryRecordOfAnOrderByItsId() {
        assertThat(new String(new Order(42, "x", 1, "a@b.c", Estado.FINALIZADO).key(), StandardCharsets.UTF_8))
                .isEqualTo("42");
    }

    private static String reason(String json) {
        Parsed<Order> parsed = OrderTopics.SERDE.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.isOk()).as("should be refused: %s", json).isFalse();
        return parsed.reason();
    }
}
