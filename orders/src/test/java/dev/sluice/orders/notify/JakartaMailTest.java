package dev.sluice.orders.notify;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.Test;

class JakartaMailTest {
    @Test
    void shouldNameAngusMailsStreamProviderSoNoCallScansTheClassPath() {
        JakartaMail.pinStreamProvider();

        assertThat(System.getProperty(JakartaMail.PROPERTY)).isEqualTo(JakartaMail.ANGUS);
        // the lookup the property short-cuts still finds the same implementation
        assertThat(StreamProvider.provider().getClass().getName()).isEqualTo(JakartaMail.ANGUS);
    }
}
