package io.pbxbridge.bridge.testkit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a raw socket, byte for byte as a test writes it: for requests no well-behaved client
 * sends (broken framing, odd methods, a body that stops half-way) and for reading exactly what the
 * server answered.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * One response: status -1 when the server closed (or went silent) without answering.
     *
     * @param headers names in lower case
     */
    public record Response(int status, Map<String, String> headers, byte[] body, String statusLine) {
        public static final Response NONE = new Response(-1, Map.of(), new byte[0], "");

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** A TLS connection that trusts any certificate (the test's own self-signed one). */
    public static SSLSocket connectTls(int port) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{TRUST_ALL}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /** Sends {@code request} on a new connection and reads one response (then closes). */
    public static Response exchange(int port, String request) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Response exchange(int port, byte[] request) throws IOException {
        try (Socket socket = connect(port)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket, Duration.ofSeconds(10));
        }
    }

    /** A POST with a Content-Length body and {@code Connection: close}. */
    public static String post(String path, String contentType, byte[] body) {
        return "POST " + path + " HTTP/1.1\r\nHost: pbx-bridge\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"
                + new String(body, StandardCharsets.ISO_8859_1);
    }

    public static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /**
     * Reads one response from {@code socket} within {@code timeout}: the body by Content-Length, by chunks,
     * or until the server closes. {@link Response#NONE} when nothing (or not a whole head) came.
     */
    public static Response read(Socket socket, Duration timeout) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            return Response.NONE;
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previous);
            }
        }
    }

    /**
     * Sends {@code body} one byte per {@code interval}, waiting for an answer in between (so no byte is written
     * after the server answered and closed, which would reset the connection and lose the answer): the answer, or
     * {@link Response#NONE} when the server closed without one or the body was sent without an answer.
     */
    public static Response trickle(Socket socket, byte[] body, Duration interval) throws IOException {
        PushbackInputStream in = new PushbackInputStream(socket.getInputStream(), 1);
        socket.setSoTimeout((int) Math.max(1, interval.toMillis()));
        for (byte b : body) {
            try {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                return Response.NONE;
            }
            try {
                int first = in.read();
                if (first < 0) {
                    return Response.NONE;
                }
                in.unread(first);
                socket.setSoTimeout(10_000);
                return read(in);
            } catch (SocketTimeoutException e) {
                // nothing yet: the next byte
            } catch (IOException e) {
                return Response.NONE;
            }
        }
        return Response.NONE;
    }

    private static Response read(InputStream in) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return Response.NONE;
        }
        String[] lines = head.split("\r\n");
        String[] statusParts = lines[0].split(" ", 3);
        int status = statusParts.length > 1 && statusParts[0].startsWith("HTTP/") ? parseInt(statusParts[1]) : -1;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(in);
        } else if (status == 100 || status == 101 || status == 204 || status == 304) {
            body = new byte[0];
        } else {
            body = readToClose(in);
        }
        return new Response(status, headers, body, lines[0]);
    }

    /** Whether the server closed the connection within {@code timeout} (end of stream or reset). */
    public static boolean closedByServer(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (socket.getInputStream().read() >= 0) {
                // drain whatever is still sent
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b;
            try {
                b = in.read();
            } catch (IOException e) {
                if (e instanceof SocketTimeoutException timeout) {
                    throw timeout;
                }
                return null; // reset
            }
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = readLine(in);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                readLine(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private static byte[] readToClose(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException e) {
            return new byte[0];
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
