package dev.sluice.cli.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The SMTP port as clients see it: every connection is relayed byte for byte to the mail server
 * behind it, except while refusing, when a new connection gets {@code 421 4.3.2 Service not
 * available} and is closed (RFC 5321's answer of a server that cannot take mail now), and the
 * connections open when the refusal starts are cut, as when a mail server goes down. The mail
 * server keeps running meanwhile, so nothing it received is lost.
 */
final class SmtpFront implements AutoCloseable {
    private final ServerSocket server;
    private final int backendPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-front");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long refuseUntilNanos = System.nanoTime();

    private SmtpFront(ServerSocket server, int backendPort) {
        this.server = server;
        this.backendPort = backendPort;
    }

    static SmtpFront start(int port, int backendPort) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        SmtpFront front = new SmtpFront(socket, backendPort);
        front.threads.execute(front::accept);
        return front;
    }

    void refuseFor(Duration length) {
        refuseUntilNanos = System.nanoTime() + length.toNanos();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is all that is wanted
            }
        }
        System.out.println("sluice infra smtp: refusing new connections with 421 for " + length.toSeconds() + " s");
    }

    private boolean refusing() {
        return System.nanoTime() - refuseUntilNanos < 0;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("sluice infra smtp: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            if (refusing()) {
                client.getOutputStream()
                        .write("421 4.3.2 Service not available, closing transmission channel\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            // SMTP is a chat of small lines: without TCP_NODELAY, Nagle's algorithm and delayed ACKs
            // add up to 40 ms to every command relayed
            client.setTcpNoDelay(true);
            try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                backend.setTcpNoDelay(true);
                open.add(client);
                threads.execute(() -> pump(client, backend));
                pump(backend, client);
            }
        } catch (IOException e) {
            // a client or the server hung up: the SMTP session is over either way
        } finally {
            open.remove(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // the other side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
