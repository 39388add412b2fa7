package dev.sluice.platform.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A POST that announces a body ({@code Content-Length} and {@code Expect: 100-continue}, as curl
 * sends a large upload) and sends it only if the server asks for it with {@code 100 Continue}. A
 * server that refuses the size answers before any of it is sent.
 *
 * <p>Sending a body over the limit for real makes the test flaky, not the server: the server
 * answers 413 and closes the connection while the client is still writing, the unread bytes make
 * the kernel reset the connection, and the reset can discard the 413 before the client reads it
 * ("header parser received no bytes"). The JDK's HttpClient cannot help (its {@code
 * expectContinue} waits for ever on a final status in Java 17), so this speaks HTTP/1.1 on a socket.
 */
public final class AnnouncedBody {
    /** The final answer: status and body text; {@code 100} if the server asked for the body instead. */
    public record Answer(int status, String body) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private AnnouncedBody() {}

    public static Answer post(int port, String path, String contentType, long contentLength) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\n"
                            + "Host: localhost:" + port + "\r\n"
                            + "Content-Type: " + contentType + "\r\n"
                            + "Content-Length: " + contentLength + "\r\n"
                            + "Expect: 100-continue\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                String name =
                        colon < 0 ? header : header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : header.substring(colon + 1).strip();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                }
            }
            if (status == 100) {
                return new Answer(status, "");
            }
            byte[] body = chunked ? chunks(in) : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            return new Answer(status, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";", 2)[0].strip(), 16);
                size > 0;
                size = Integer.parseInt(line(in).split(";", 2)[0].strip(), 16)) {
            body.write(in.readNBytes(size));
            line(in);
        }
        return body.toByteArray();
    }

    /** One CRLF-terminated line, without the CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of the response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
