package dev.sluice.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrdersSettingsTest {
    private static SluiceConfig config(Map<String, String> flags) {
        return ConfigLoader.load(Optional.empty(), Map.of(), flags);
    }

    @Test
    void shouldDefaultToTwoSecondsPerStateAndEmbeddedSmtp() {
        OrdersSettings s = OrdersSettings.from(config(Map.of()), Map.of());
        assertThat(s.delays().recibido()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.delays().entregando()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.smtp().embedded()).isTrue();
        assertThat(s.topics().partitions()).isEqualTo(config(Map.of()).kafka().partitions());
    }

    @Test
    void shouldLetOneStateOverrideTheCommonDelay() {
        OrdersSettings s = OrdersSettings.from(
                config(Map.of("orders.state-delay", "500ms", "orders.delay.preparando", "1m")), Map.of());
        assertThat(s.delays().recibido()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.delays().preparando()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldTakeTheSmtpPasswordFromTheEnvironmentOnlyAndNeverPrintIt() {
        OrdersSettings s = OrdersSettings.from(
                config(Map.of("orders.smtp.host", "smtp.tienda.cl", "orders.smtp.user", "pedidos")),
                Map.of("SLUICE_ORDERS_SMTP_PASSWORD", "s3cret"));
        assertThat(s.smtp().password().reveal()).isEqualTo("s3cret");
        assertThat(s.smtp().toString()).doesNotContain("s3cret");
        assertThat(s.smtp().tls()).isTrue();
    }

    @Test
    void shouldRefuseUnknownOrdersKeysNamingTheKnownOnes() {
        assertThatThrownBy(() -> OrdersSettings.from(config(Map.of("orders.state-dealy", "1s")), Map.of()))
                .hasMessageContaining("orders.state-dealy")
                .hasMessageContaining("orders.state-delay");
    }

    @Test
    void shouldSendFourEmailsAtOnceUnlessToldOtherwise() {
        assertThat(OrdersSettings.from(config(Map.of()), Map.of()).parallelSends())
                .isEqualTo(4);
        assertThat(OrdersSettings.from(config(Map.of("orders.notifier.parallel-sends", "1")), Map.of())
                        .parallelSends())
                .isEqualTo(1);
        assertThatThrownBy(() -> OrdersSettings.from(config(Map.of("orders.notifier.parallel-sends", "0")), Map.of()))
                .hasMessageContaining("orders.notifier.parallel-sends");
        assertThatThrownBy(() -> OrdersSettings.from(config(Map.of("orders.notifier.parallel-sends", "65")), Map.of()))
                .hasMessageContaining("orders.notifier.parallel-sends")
                .hasMessageContaining("1 to 64");
    }

    @Test
    void shouldRunTheNotifiersBelowTheNormalPriorityUnlessToldOtherwise() {
        assertThat(OrdersSettings.from(config(Map.of()), Map.of()).notifierNice())
                .isEqualTo(OrdersSettings.DEFAULT_NOTIFIER_NICE);
        assertThat(OrdersSettings.from(config(Map.of("orders.notifier.nice", "0")), Map.of())
                        .notifierNice())
                .isZero();
        assertThatThrownBy(() -> OrdersSettings.from(config(Map.of("orders.notifier.nice", "20")), Map.of()))
                .hasMessageContaining("orders.notifier.nice")
                .hasMessageContaining("0 (normal priority) to 19");
    }

    @Test
    void shouldRefuseABadDurationNamingTheKey() {
        assertThatThrownBy(() -> OrdersSettings.from(config(Map.of("orders.state-delay", "soon")), Map.of()))
                .hasMessageContaining("orders.state-delay");
    }

    @Test
    void shouldRunOneProcessorAndOneNotifierUnlessToldMore() {
        assertThat(OrdersSettings.from(config(Map.of()), Map.of()))
                .extracting(OrdersSettings::processors, OrdersSettings::notifiers)
                .containsExactly(1, 1);
        OrdersSettings s =
                OrdersSettings.from(config(Map.of("orders.processors", "3", "orders.notifiers", "2")), Map.of());
        assertThat(s.processors()).isEqualTo(3);
        assertThat(s.notifiers()).isEqualTo(2);
        assertThat(s.withDelays(dev.sluice.orders.process.StateDelays.uniform(Duration.ofSeconds(1)))
                        .processors())
                .isEqualTo(3);
        assertThat(OrdersSettings.from(config(Map.of("orders.processors", "0")), Map.of())
                        .processors())
                .as("0: a process that only serves the API")
                .isZero();
        assertThatThrownBy(() -> OrdersSettings.from(config(Map.of("orders.processors", "-1")), Map.of()))
                .hasMessageContaining("orders.processors");
    }
}
