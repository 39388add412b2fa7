package dev.sluice.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.platform.config.HttpSettings;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.metrics.Metrics;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the HTTP server listens: loopback unless {@code http.host} says otherwise. */
class HttpBindTest {
    private final Metrics metrics = Metrics.create();

    @AfterEach
    void closeMetrics() {
        metrics.close();
    }

    private Javalin start(HttpSettings settings) {
        return HttpApp.create(settings, metrics.registry(), List.of()).start();
    }

    @Test
    void shouldListenOnLoopbackOnlyByDefault() throws Exception {
        Javalin app = start(SluiceConfig.defaults().http().withPort(0));
        try {
            ServerConnector connector =
                    (ServerConnector) app.jettyServer().server().getConnectors()[0];
            assertThat(connector.getHost()).isEqualTo("127.0.0.1");
            assertThat(reachable(InetAddress.getByName("127.0.0.1"), app.port()))
                    .isTrue();
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {
                assertThat(reachable(other.get(), app.port()))
                        .as("reachable on %s", other.get())
                        .isFalse();
            }
        } finally {
            app.stop();
        }
    }

    @Test
    void shouldListenOnEveryInterfaceWhenTold() throws Exception {
        // The other half of the test above: the same probe does reach a server bound to 0.0.0.0.
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address");
        Javalin app = start(new HttpSettings("0.0.0.0", 0, 1024, List.of()));
        try {
            assertThat(reachable(other.get(), app.port()))
                    .as("reachable on %s", other.get())
                    .isTrue();
        } finally {
            app.stop();
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .filter(HttpBindTest::up)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }

    private static boolean up(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
