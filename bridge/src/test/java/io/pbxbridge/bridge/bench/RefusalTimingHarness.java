package io.pbxbridge.bridge.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.ingress.IngressRoute;
import io.pbxbridge.bridge.ingress.IngressSettings;
import io.pbxbridge.bridge.ingress.ReportIngressServer;
import io.pbxbridge.bridge.ingress.SourceAddressFilter;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Timing harness (not part of the default test run), issue 10 item 9: how long the ingress takes to refuse a
 * report for an unknown PBX id, for a known id with a wrong secret, and (the reference, same path as the first) for
 * another unknown id. One keep-alive connection, the three kinds interleaved request by request so drift and noise
 * hit them alike; many samples; medians and the 10th/90th percentiles of each, and the difference of medians.
 *
 * <pre>./mvnw -B -pl bridge -am verify -Dgroups=load -Dtest.excludedGroups=none -Dtest=RefusalTimingHarness \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dtiming.samples=200000</pre>
 */
@Tag("load")
class RefusalTimingHarness {
    private static final int SAMPLES = Integer.getInteger("timing.samples", 200_000);
    private static final int WARMUP = Integer.getInteger("timing.warmup", 50_000);
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void unknownIdAndWrongSecretTakeAsLong() throws Exception {
        Vertx vertx = Vertx.vertx();
        BridgeInfo bridge = new BridgeInfo("timing", "timing");
        PbxConfig pbx = new PbxConfig("hq", "yeastar-s", URI.create("http://127.0.0.1:1"), "api", Secret.of("x"), "1.1.0",
                Secret.of(SECRET), List.of(), null, Duration.ofMinutes(5), ZoneOffset.UTC, null);
        ReportIngressServer server = new ReportIngressServer(vertx, new IngressSettings("127.0.0.1", 0,
                URI.create("http://127.0.0.1"), 4096, 100, 5, Duration.ofSeconds(10), 1),
                Map.of("hq", new IngressRoute(pbx, Vendor.YEASTAR_S, new YeastarReportNormalizer(pbx, bridge),
                        new SourceAddressFilter(List.of()))), records -> Future.succeededFuture(), bridge,
                new SimpleMeterRegistry());
        int port = Await.result(server.start());
        String wrong = SECRET.substring(0, 31) + "x";
        byte[][] requests = {
                request("/report/hx/" + wrong),   // unknown id (same length as "hq")
                request("/report/hq/" + wrong),   // known id, wrong secret (same length)
                request("/report/hz/" + wrong)};  // another unknown id: the reference
        long[][] nanos = new long[3][SAMPLES];
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            for (int i = -WARMUP; i < SAMPLES; i++) {
                for (int kind = 0; kind < 3; kind++) {
                    int k = (kind + Math.floorMod(i, 3)) % 3; // rotate the order too
                    long start = System.nanoTime();
                    out.write(requests[k]);
                    out.flush();
                    readAnswer(in);
                    long took = System.nanoTime() - start;
                    if (i >= 0) {
                        nanos[k][i] = took;
                    }
                }
            }
        } finally {
            Await.result(server.stop());
            Await.result(vertx.close());
        }
        String[] names = {"unknown id", "wrong secret", "unknown id (reference)"};
        long[] medians = new long[3];
        for (int k = 0; k < 3; k++) {
            long[] sorted = nanos[k].clone();
            Arrays.sort(sorted);
            medians[k] = sorted[SAMPLES / 2];
            System.out.printf(Locale.ROOT, "%-24s p10 %6.2f us  p50 %6.2f us  p90 %6.2f us  (%d samples)%n", names[k],
                    sorted[SAMPLES / 10] / 1e3, medians[k] / 1e3, sorted[SAMPLES * 9 / 10] / 1e3, SAMPLES);
        }
        System.out.printf(Locale.ROOT, "median difference: wrong secret - unknown id %+.3f us; reference - unknown id %+.3f us%n",
                (medians[1] - medians[0]) / 1e3, (medians[2] - medians[0]) / 1e3);
    }

    private static byte[] request(String path) {
        return ("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads one empty-bodied answer: up to the blank line ending its headers. */
    private static void readAnswer(InputStream in) throws java.io.IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
