package io.pbxbridge.bridge.ingress;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.RawHttp;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 items 6, 7 and 8 over raw sockets: an unknown PBX id and a wrong secret take the same path (one secret
 * comparison each, byte-identical answers); refusals repeated at will cost a few log lines, not one each; the
 * ingress speaks HTTP/1.1 only (no h2c upgrade, no prior-knowledge HTTP/2).
 */
class IngressHardeningTest {
    private static final String SECRET = "0123456789abcdef-hardening";
    private static final String REPORT = "{\"action\":\"ExtensionStatus\",\"extension\":\"1001\",\"status\":\"Idle\",\"sn\":\"1\"}";
    private static final BridgeInfo BRIDGE = new BridgeInfo("test", "hardening-test");
    private static Vertx vertx;

    private ReportIngressServer server;
    private int port;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        Await.result(vertx.close());
    }

    @BeforeEach
    void start() {
        PbxConfig pbx = new PbxConfig("pbx1", "yeastar-s", URI.create("http://127.0.0.1:1"), "api", Secret.of("x"),
                "1.1.0", Secret.of(SECRET), List.of(), null, Duration.ofMinutes(5), ZoneOffset.UTC, null);
        Map<String, IngressRoute> routes = Map.of("pbx1", new IngressRoute(pbx, Vendor.YEASTAR_S,
                new YeastarReportNormalizer(pbx, BRIDGE), new SourceAddressFilter(List.of())));
        EventSink acking = records -> Future.succeededFuture();
        server = new ReportIngressServer(vertx, new IngressSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"),
                4096, 100, 5, Duration.ofSeconds(10), 2), routes, acking, BRIDGE, new SimpleMeterRegistry());
        port = Await.result(server.start());
    }

    @AfterEach
    void stop() {
        Await.result(server.stop());
    }

    private static byte[] post(String path) {
        return RawHttp.post(path, "application/json", REPORT.getBytes(StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The whole answer as bytes: status line, every header, body. */
    private String rawAnswer(String path) throws Exception {
        try (Socket socket = RawHttp.connect(port)) {
            socket.getOutputStream().write(post(path));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anUnknownIdAndAWrongSecretTakeTheSamePathAndGetTheSameAnswer() throws Exception {
        long before = server.secretComparisons();
        String unknownId = rawAnswer("/report/nobody/" + SECRET);
        assertThat(server.secretComparisons()).as("an unknown id compares a secret too").isEqualTo(before + 1);
        String wrongSecret = rawAnswer("/report/pbx1/" + SECRET.replace('0', '1'));
        assertThat(server.secretComparisons()).isEqualTo(before + 2);
        String wrongLength = rawAnswer("/report/pbx1/short");
        assertThat(server.secretComparisons()).isEqualTo(before + 3);

        assertThat(unknownId).startsWith("HTTP/1.1 404 ").isEqualTo(wrongSecret).isEqualTo(wrongLength);
        assertThat(unknownId).endsWith("\r\n\r\n").as("an empty 404").contains("content-length: 0");

        assertThat(rawAnswer("/report/pbx1/" + SECRET)).startsWith("HTTP/1.1 200 ");
        assertThat(server.secretComparisons()).isEqualTo(before + 4);
        assertThat(rawAnswer("/not-a-report")).startsWith("HTTP/1.1 404 ");
        assertThat(server.secretComparisons()).as("no report path, no comparison").isEqualTo(before + 4);
    }

    @Test
    void secretsCompareWithoutAShortCut() {
        assertThat(ReportGate.sameSecret("abc", "abc")).isTrue();
        assertThat(ReportGate.sameSecret("abd", "abc")).isFalse();
        assertThat(ReportGate.sameSecret("ab", "abc")).isFalse();
        assertThat(ReportGate.sameSecret("abcabc", "abc")).as("longer, repeating the secret").isFalse();
        assertThat(ReportGate.sameSecret("", "abc")).isFalse();
        assertThat(ReportGate.sameSecret("abc", "")).isFalse();
    }

    @Test
    void refusalsRepeatedAtWillCostAFewLogLinesNotOneEach() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ReportIngressServer.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            for (int i = 0; i < 150; i++) {
                assertThat(RawHttp.exchange(port, post("/report/pbx1/wrong-secret-" + i)).status()).isEqualTo(404);
                assertThat(RawHttp.exchange(port, post("/report/ghost-" + i + "/" + SECRET)).status()).isEqualTo(404);
            }
        } finally {
            logger.detachAppender(captured);
        }
        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).as("300 refusals").hasSizeLessThanOrEqualTo(10).isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("Report refused").doesNotContain(SECRET));
    }

    @Test
    void anH2cUpgradeIsNotTakenUp() throws Exception {
        RawHttp.Response r = RawHttp.exchange(port, "POST /report/pbx1/" + SECRET + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
                + "Content-Length: " + REPORT.length() + "\r\n\r\n" + REPORT);
        assertThat(r.statusLine()).as("answered over HTTP/1.1, no 101 Switching Protocols").startsWith("HTTP/1.1 200");
        assertThat(r.headers()).doesNotContainKey("upgrade");
    }

    // Refused before any negotiation: this guards the refusal and that no extension header answers the offer, not
    // the server options that keep Netty's extension handler out of the pipeline (only a profile shows that).
    @Test
    void aWebSocketHandshakeOfferingCompressionIsRefused() throws Exception {
        RawHttp.Response r = RawHttp.exchange(port, "GET /report/pbx1/" + SECRET + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n");
        assertThat(r.statusLine()).as("no 101 Switching Protocols").startsWith("HTTP/1.1 404");
        assertThat(r.headers()).doesNotContainKeys("upgrade", "sec-websocket-accept", "sec-websocket-extensions");
    }

    @Test
    void http2WithPriorKnowledgeIsNotSpoken() throws Exception {
        try (Socket socket = RawHttp.connect(port)) {
            // The HTTP/2 connection preface, then an empty SETTINGS frame.
            socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(new byte[]{0, 0, 0, 4, 0, 0, 0, 0, 0});
            byte[] first = firstBytes(socket, 12);
            // An HTTP/2 server answers with its own SETTINGS frame (type 4 in the fourth byte); HTTP/1.1 with text or nothing.
            boolean settingsFrame = first.length >= 9 && first[3] == 4;
            assertThat(settingsFrame).as("answered with an HTTP/2 SETTINGS frame: %s", Arrays.toString(first)).isFalse();
            // A text answer (Vert.x echoes the version the request line named), a 4xx: no 5xx but 503 from the ingress.
            assertThat(new String(first, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/2.0 400");
        }
    }

    private static byte[] firstBytes(Socket socket, int n) throws Exception {
        socket.setSoTimeout(3000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[n];
        int read = 0;
        try {
            while (read < n) {
                int r = in.read(buffer, read, n - read);
                if (r < 0) {
                    break;
                }
                read += r;
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // nothing more
        }
        return Arrays.copyOf(buffer, read);
    }
}
