package io.pbxbridge.bridge.fuzz;

import io.pbxbridge.bridge.ingress.ReportRecords;
import io.pbxbridge.bridge.testkit.RawHttp;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hostile report traffic against a running bridge ({@link FuzzBridge}: both vendors' report routes, a real broker),
 * over raw sockets, as an attacker or a broken PBX firmware would send it. Each {@link #round} sends a seeded mix
 * per PBX — reports mutated every way (bytes flipped, truncated, junk and bad UTF-8, duplicate keys, huge numbers,
 * nesting 20,000 deep, nulls, wrong types, dates past what a timestamp holds), random bytes, bodies around the
 * size limit, every content type, chunked and framing abuse, path and method abuse, wrong ids and secrets, h2c and
 * HTTP/2 prefaces — while slow bodies trickle in and idle sockets sit open. {@link #verify} then checks from
 * outside:
 * <ul>
 *   <li>no 5xx other than 503; every refusal of a report path (unknown id, wrong secret) an empty 404; a 200 only
 *       where a report could have been taken; slow bodies 408;</li>
 *   <li>no leaked slot: {@code pbx_reports_in_flight} back to 0;</li>
 *   <li>every 200 accounted for on Kafka: all the records its body normalizes to (by {@code ce_id}), or a dead
 *       letter holding the whole body;</li>
 *   <li>no unbounded label: {@code /metrics} grows by a bounded number of series and holds no value taken from a
 *       request (every made-up token carries the marker {@value #MARKER}); no secret on {@code /metrics};</li>
 * </ul>
 * and over the whole run ({@link #finalChecks}): no secret and no unhandled exception in the log, the ingress's
 * warnings rate-limited, the process alive and still taking a good report of each vendor.
 */
public final class IngressFuzz implements AutoCloseable {
    static final String MARKER = "fzq";
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "multipart/form-data; boundary=" + MARKER + "B", "application/x-www-form-urlencoded",
            "application/octet-stream", "text/xml", "", "a/b;;;=;q", "application/json; charset=ebcdic",
            "application/" + MARKER + "-type");
    private static final List<String> POISON_DATES = List.of("+999999999-12-31 23:59:59", "-999999999-01-01 00:00:00",
            "9999-12-31 23:59:59", "0000-00-00 00:00:00", "99/99/9999 99:99", "1e309", "", "2019-13-45 25:61:61");
    private static final Pattern DATE_FIELD = Pattern.compile("\"(timestart|time|start|alloc_time|answer|end)\":\"[^\"]*\"");
    private static final Pattern STRING_VALUE = Pattern.compile(":\"[^\"]*\"");
    private static final Pattern QUOTED_NUMBER = Pattern.compile(":\"\\d+\"");
    private static final int WORKERS = 8;

    private final FuzzBridge bridge;
    private final Collector collector;
    private final Map<String, Route> routes = new TreeMap<>();
    private final Set<String> baselineSeries;
    private final Instant started = Instant.now();
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
        Thread t = new Thread(r, "ingress-fuzz");
        t.setDaemon(true);
        return t;
    });
    private int rounds;

    /** One PBX's report route, and its normalizer as the bridge runs it (to know what a 200 must have published). */
    private record Route(String pbx, String secret, ReportNormalizer normalizer, PbxConnector connector,
                         List<byte[]> seeds) {
    }

    private IngressFuzz(FuzzBridge bridge, Collector collector) throws Exception {
        this.bridge = bridge;
        this.collector = collector;
        BridgeInfo info = new BridgeInfo("fuzz", "ingress-fuzz");
        routes.put(FuzzBridge.YEASTAR, route(FuzzBridge.YEASTAR, "yeastar-s", "1.1.0", FuzzBridge.YEASTAR_SECRET,
                yeastarSeeds(), info));
        routes.put(FuzzBridge.UCM, route(FuzzBridge.UCM, "grandstream-ucm", "1.0", FuzzBridge.UCM_SECRET,
                ucmSeeds(), info));
        this.baselineSeries = series(bridge.get("/metrics").body());
    }

    private static Route route(String pbx, String vendor, String apiVersion, String secret, List<byte[]> seeds,
                               BridgeInfo info) {
        PbxConnector connector = Connectors.find(vendor).orElseThrow();
        PbxConfig config = new PbxConfig(pbx, vendor, URI.create("http://127.0.0.1:1"), "api", Secret.of("x"),
                apiVersion, Secret.of(secret), List.of(), null, Duration.ofMinutes(5), ZoneId.systemDefault(),
                PbxOptions.none());
        return new Route(pbx, secret, connector.normalizer(config, info), connector, seeds);
    }

    /** Attacks {@code bridge}; reads its topics from the beginning. */
    public static IngressFuzz start(FuzzBridge bridge) throws Exception {
        return new IngressFuzz(bridge, Collector.start(bridge.bootstrap(), bridge.prefix));
    }

    // ------------------------------------------------------------------ what is sent

    /** How a shot goes over its socket. */
    private enum Mode { ONE, CONTINUE, PIPELINE, CLOSE }

    /**
     * One request (or a pipelined pair). {@code bodies}: for each answer, the bodies the ingress may have taken
     * when it answers 200 (empty: no 200 allowed). {@code refusal}: a report path the ingress must refuse with an
     * empty 404.
     */
    private record Shot(String kind, String pbx, Mode mode, byte[] head, byte[] rest, Set<Integer> allowed,
                        List<List<byte[]>> bodies, boolean refusal) {
    }

    private static final Set<Integer> ACCEPT = Set.of(200, 503);
    /** -1: the server closes with the rest of the body unread, and the client may see the reset before the 413. */
    private static final Set<Integer> TOO_LARGE = Set.of(413, 503, -1);
    private static final Set<Integer> REFUSED = Set.of(404);

    /** What a round sent and what came back. */
    public static final class Ledger {
        final long seed;
        final Map<String, AtomicInteger> kinds = new TreeMap<>();
        final Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        final List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        int requests;

        Ledger(long seed) {
            this.seed = seed;
        }

        synchronized void count(String kind, int status) {
            kinds.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
            requests++;
        }

        public synchronized Map<String, Integer> kinds() {
            Map<String, Integer> out = new TreeMap<>();
            kinds.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }

        public synchronized Map<Integer, Integer> statuses() {
            Map<Integer, Integer> out = new TreeMap<>();
            statuses.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }

        public synchronized int requests() {
            return requests;
        }

        public int accepted() {
            return accepted.size();
        }

        void violation(String what) {
            if (violations.size() < 500) {
                violations.add(what);
            }
        }
    }

    /** A 200: the bodies the ingress may have taken (one of them must be accounted for on Kafka). */
    private record Accepted(String pbx, String kind, List<byte[]> candidates) {
    }

    /**
     * Sends {@code perVendor} seeded shots to each PBX's route (plus slow bodies and idle sockets meanwhile) and
     * returns what was answered.
     */
    public Ledger round(int perVendor, long seed, int slowBodies, int idleSockets) throws Exception {
        rounds++;
        Ledger ledger = new Ledger(seed);
        Random random = new Random(seed);
        List<Shot> shots = new ArrayList<>();
        for (Route route : routes.values()) {
            for (int i = 0; i < perVendor; i++) {
                shots.add(shot(random, route));
            }
        }
        Collections.shuffle(shots, random);
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < idleSockets; i++) {
            Socket socket = RawHttp.connect(bridge.ingressPort());
            if (i % 2 == 1) { // half of them stop inside their headers
                RawHttp.write(socket, "POST /report/" + FuzzBridge.YEASTAR + "/" + FuzzBridge.YEASTAR_SECRET
                        + " HTTP/1.1\r\nHost: " + MARKER);
            }
            idle.add(socket);
        }
        List<java.util.concurrent.Future<?>> slow = new ArrayList<>();
        for (int i = 0; i < slowBodies; i++) {
            Route route = i % 2 == 0 ? routes.get(FuzzBridge.YEASTAR) : routes.get(FuzzBridge.UCM);
            slow.add(workers.submit(() -> slowBody(route, ledger)));
        }
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Shot shot : shots) {
            sent.add(workers.submit(() -> send(shot, ledger)));
        }
        for (java.util.concurrent.Future<?> f : sent) {
            f.get(5, TimeUnit.MINUTES);
        }
        for (java.util.concurrent.Future<?> f : slow) {
            f.get(1, TimeUnit.MINUTES);
        }
        for (Socket socket : idle) {
            socket.close();
        }
        return ledger;
    }

    private Shot shot(Random r, Route route) {
        int pick = r.nextInt(100);
        String path = "/report/" + route.pbx() + "/" + route.secret();
        if (pick < 50) {
            byte[] body = body(r, route);
            String variantPath = switch (r.nextInt(8)) {
                case 0 -> path + "/";
                case 1 -> path + "?" + MARKER + "=" + r.nextInt(1000);
                default -> path;
            };
            return post("report", route, variantPath, body, r);
        }
        if (pick < 55) {
            return sizedAroundTheLimit(r, route, path);
        }
        if (pick < 68) {
            return framing(r, route, path);
        }
        if (pick < 80) {
            return refused(r, route);
        }
        if (pick < 90) {
            return notAReport(r, route, path);
        }
        if (pick < 95) {
            return pipelined(r, route, path);
        }
        byte[] body = body(r, route);
        return new Shot("expect-100-continue", route.pbx(), Mode.CONTINUE, head("POST", path, "HTTP/1.1",
                "Content-Type: application/json\r\nExpect: 100-" + (r.nextBoolean() ? "continue" : "Continue")
                        + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n"), body, ACCEPT,
                List.of(List.of(body)), false);
    }

    private Shot post(String kind, Route route, String path, byte[] body, Random r) {
        String type = CONTENT_TYPES.get(r.nextInt(CONTENT_TYPES.size()));
        String headers = (type.isEmpty() ? "" : "Content-Type: " + type + "\r\n") + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n";
        return new Shot(kind, route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1", headers), body), null,
                body.length > FuzzBridge.MAX_BODY_BYTES ? TOO_LARGE : ACCEPT,
                List.of(body.length > FuzzBridge.MAX_BODY_BYTES ? List.of() : List.of(body)), false);
    }

    private Shot sizedAroundTheLimit(Random r, Route route, String path) {
        int size = FuzzBridge.MAX_BODY_BYTES + r.nextInt(3) - 1;
        byte[] seed = route.seeds().get(r.nextInt(route.seeds().size()));
        String text = new String(seed, StandardCharsets.UTF_8);
        int brace = text.lastIndexOf('}');
        String pad = ",\"pad\":\"\"";
        int fill = Math.max(0, size - seed.length - pad.length());
        String padded = brace < 0 ? "x".repeat(size)
                : text.substring(0, brace) + ",\"pad\":\"" + "p".repeat(fill) + "\"" + text.substring(brace);
        byte[] body = padded.getBytes(StandardCharsets.UTF_8);
        if (r.nextBoolean()) {
            return post("around-the-limit", route, path, body, r);
        }
        // Chunked, so the limit is enforced while the body arrives.
        return new Shot("around-the-limit-chunked", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                "Transfer-Encoding: chunked\r\nConnection: close\r\n"), chunked(body, r, false)), null,
                body.length > FuzzBridge.MAX_BODY_BYTES ? TOO_LARGE : ACCEPT,
                List.of(body.length > FuzzBridge.MAX_BODY_BYTES ? List.of() : List.of(body)), false);
    }

    /** Chunked and framing abuse; {@code bodies} lists what the ingress may have read when it answers 200. */
    private Shot framing(Random r, Route route, String path) {
        byte[] body = body(r, route);
        body = body.length > FuzzBridge.MAX_BODY_BYTES ? "{}".getBytes(StandardCharsets.UTF_8) : body;
        Set<Integer> any = Set.of(200, 400, 404, 408, 413, 414, 417, 431, 501, 503, 505, -1);
        List<byte[]> either = List.of(body, new byte[0]);
        return switch (r.nextInt(17)) {
            case 0 -> new Shot("chunked", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                    "Transfer-Encoding: chunked\r\nConnection: close\r\n"), chunked(body, r, true)), null, ACCEPT,
                    List.of(List.of(body)), false);
            case 1 -> {
                String bad = List.of("zz", "-1", "g", "ffffffffffffffffffff", "0x10", MARKER).get(r.nextInt(6));
                yield new Shot("chunk-size-not-a-number", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                        "Transfer-Encoding: chunked\r\nConnection: close\r\n"), (bad + "\r\n{}\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)), null, any, List.of(either), false);
            }
            case 2 -> new Shot("chunk-longer-than-said", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                    "Transfer-Encoding: chunked\r\nConnection: close\r\n"), "2\r\n{}XX\r\n0\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1)), null, any, List.of(List.of("{}".getBytes(StandardCharsets.UTF_8))),
                    false);
            case 3 -> new Shot("content-length-and-chunked", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                    "Content-Length: " + body.length + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"),
                    chunked(body, r, false)), null, any, List.of(either), false);
            case 4 -> {
                String te = List.of("chunked, chunked", "gzip, chunked", "identity", "x" + "chunked", "Chunked",
                        "chunked\u000b").get(r.nextInt(6));
                yield new Shot("transfer-encoding-" + te.replaceAll("\\W", ""), route.pbx(), Mode.ONE,
                        concat(head("POST", path, "HTTP/1.1", "Transfer-Encoding: " + te + "\r\nConnection: close\r\n"),
                                chunked(body, r, false)), null, any, List.of(List.of(body, new byte[0],
                        chunked(body, new Random(0), false))), false);
            }
            case 5 -> {
                int shorter = body.length / 2;
                yield new Shot("content-length-shorter", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                        "Content-Length: " + shorter + "\r\nConnection: close\r\n"), body), null, any,
                        List.of(List.of(java.util.Arrays.copyOf(body, shorter))), false);
            }
            case 6 -> new Shot("client-leaves-mid-body", route.pbx(), Mode.CLOSE, concat(head("POST", path, "HTTP/1.1",
                    "Content-Length: " + (body.length + 100) + "\r\n"), body), null, any, List.of(), false);
            case 7 -> {
                String cl = List.of("-5", "abc", body.length + ", " + body.length, "+" + body.length, " " + body.length,
                        "0x10", "99999999999999999999", body.length + "\u0000").get(r.nextInt(8));
                yield new Shot("content-length-odd", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                        "Content-Length: " + cl + "\r\nConnection: close\r\n"), body), null, any,
                        List.of(List.of(body, new byte[0])), false);
            }
            case 8 -> new Shot("content-length-twice", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                    "Content-Length: " + body.length + "\r\nContent-Length: " + (r.nextBoolean() ? body.length : body.length + 1)
                            + "\r\nConnection: close\r\n"), body), null, any, List.of(either), false);
            case 9 -> new Shot("expect-other", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                    "Expect: " + List.of("teapot", "200-ok", MARKER, "100-continue, x").get(r.nextInt(4))
                            + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n"), body), null,
                    Set.of(417, 400), List.of(List.of()), false);
            case 10 -> new Shot("http-1.0", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.0",
                    "Content-Length: " + body.length + "\r\n"), body), null, ACCEPT, List.of(List.of(body)), false);
            case 11 -> new Shot("header-bytes", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                    List.of("X-" + MARKER + ": a\u0000b\r\n", "X-" + MARKER + " : b\r\n", "no-colon-" + MARKER + "\r\n",
                            "X-" + MARKER + ": a\r\n folded\r\n", "X-" + MARKER + ": \u00ff\u00fe\r\n").get(r.nextInt(5))
                            + "Content-Length: " + body.length + "\r\nConnection: close\r\n"), body), null, any,
                    List.of(either), false);
            case 12 -> new Shot("h2c-upgrade", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                    "Connection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
                            + "Content-Length: " + body.length + "\r\n"), body), null, ACCEPT, List.of(List.of(body)), false);
            case 13 -> new Shot("http2-preface", route.pbx(), Mode.ONE, concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1), new byte[]{0, 0, 0, 4, 0, 0, 0, 0, 0}), null, any,
                    List.of(List.of()), false);
            case 14 -> new Shot("headers-too-large", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                    "X-" + MARKER + ": " + "h".repeat(9000 + r.nextInt(4000)) + "\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n"), body), null, any, List.of(List.of()), false);
            case 15 -> new Shot("line-feeds-only", route.pbx(), Mode.ONE, concat(("POST " + path
                    + " HTTP/1.1\nHost: " + MARKER + "\nContent-Length: " + body.length + "\nConnection: close\n\n")
                    .getBytes(StandardCharsets.ISO_8859_1), body), null, any, List.of(either), false);
            default -> new Shot("absolute-form", route.pbx(), Mode.ONE, concat(head("POST", "http://" + MARKER
                    + ".example:8260" + path, "HTTP/1.1", "Content-Length: " + body.length + "\r\nConnection: close\r\n"),
                    body), null, any, List.of(either), false);
        };
    }

    /** A report path the ingress must refuse with an empty 404. */
    private Shot refused(Random r, Route route) {
        Route other = routes.values().stream().filter(x -> x != route).findFirst().orElseThrow();
        String path = switch (r.nextInt(6)) {
            case 0 -> "/report/" + MARKER + r.nextInt(100_000) + "/" + route.secret();
            case 1 -> "/report/" + route.pbx() + "/" + MARKER + "-wrong-secret-" + r.nextInt(1000);
            case 2 -> "/report/" + route.pbx() + "/" + other.secret();
            case 3 -> "/report/" + route.pbx() + "/" + route.secret().substring(0, route.secret().length() - 1);
            case 4 -> "/report/" + route.pbx() + "/" + route.secret() + "x";
            default -> "/report/" + MARKER + "%41%00/" + route.secret();
        };
        byte[] body = body(r, route);
        return new Shot("wrong-id-or-secret", route.pbx(), Mode.ONE, concat(head("POST", path, "HTTP/1.1",
                "Content-Length: " + body.length + "\r\nConnection: close\r\n"), body), null,
                REFUSED, List.of(List.of()), true);
    }

    /** Made-up methods, other methods, paths that are no report path: a 4xx, never a 200. */
    private Shot notAReport(Random r, Route route, String path) {
        String method;
        String target;
        switch (r.nextInt(6)) {
            case 0 -> {
                method = MARKER.toUpperCase(Locale.ROOT) + Integer.toString(r.nextInt(1_000_000), 36).toUpperCase(Locale.ROOT);
                target = path;
            }
            case 1 -> {
                method = List.of("GET", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "HEAD", "post", "Post").get(r.nextInt(9));
                target = path;
            }
            case 2 -> {
                method = "POST";
                target = List.of("/report/" + route.pbx(), path + "/" + MARKER, "/report//" + route.secret(),
                        "/report/%zz/" + route.secret(), "//report/" + route.pbx() + "/" + route.secret(),
                        "/" + MARKER + r.nextInt(1000), "/", "*").get(r.nextInt(8));
            }
            case 3 -> {
                method = "POST";
                target = "/report/" + route.pbx() + "/" + MARKER + "x".repeat(5000 + r.nextInt(5000));
            }
            case 4 -> {
                method = "CONNECT";
                target = MARKER + ".example:443";
            }
            default -> {
                method = MARKER + "(" + r.nextInt(100) + ")";
                target = path;
            }
        }
        return new Shot("not-a-report", route.pbx(), Mode.ONE, concat(head(method, target, "HTTP/1.1",
                "Content-Length: 2\r\nConnection: close\r\n"), "{}".getBytes(StandardCharsets.UTF_8)), null,
                Set.of(400, 404, 405, 413, 414, 431, 501, -1), List.of(List.of()), false);
    }

    private Shot pipelined(Random r, Route route, String path) {
        byte[] first = body(r, route);
        byte[] second = body(r, route);
        if (first.length > FuzzBridge.MAX_BODY_BYTES || second.length > FuzzBridge.MAX_BODY_BYTES) {
            first = "{}".getBytes(StandardCharsets.UTF_8);
            second = "[]".getBytes(StandardCharsets.UTF_8);
        }
        byte[] both = concat(concat(head("POST", path, "HTTP/1.1", "Content-Length: " + first.length + "\r\n"), first),
                concat(head("POST", path, "HTTP/1.1", "Content-Length: " + second.length + "\r\nConnection: close\r\n"),
                        second));
        return new Shot("pipelined", route.pbx(), Mode.PIPELINE, both, null, ACCEPT,
                List.of(List.of(first), List.of(second)), false);
    }

    private static byte[] head(String method, String target, String version, String headers) {
        return (method + " " + target + " " + version + "\r\nHost: " + MARKER + ".example\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] chunked(byte[] body, Random r, boolean extras) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + r.nextInt(Math.max(1, body.length / 3 + 1)));
            String size = Integer.toHexString(n) + (extras && r.nextInt(4) == 0 ? ";" + MARKER + "=1" : "");
            out.writeBytes((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            at += n;
        }
        out.writeBytes(("0\r\n" + (extras && r.nextBoolean() ? "X-" + MARKER + ": t\r\n" : "") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------ bodies

    /** A seed report of the PBX, mutated one way or another (or not at all). */
    private static byte[] body(Random r, Route route) {
        byte[] seed = route.seeds().get(r.nextInt(route.seeds().size()));
        String text = new String(seed, StandardCharsets.UTF_8);
        int pick = r.nextInt(100);
        if (pick < 25) {
            return vary(text, r).getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 33) {
            byte[] out = vary(text, r).getBytes(StandardCharsets.UTF_8);
            for (int i = 0, n = 1 + r.nextInt(5); i < n && out.length > 0; i++) {
                out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
            }
            return out;
        }
        if (pick < 39) {
            byte[] out = vary(text, r).getBytes(StandardCharsets.UTF_8);
            return java.util.Arrays.copyOf(out, r.nextInt(out.length + 1));
        }
        if (pick < 45) {
            byte[] out = vary(text, r).getBytes(StandardCharsets.UTF_8);
            int at = r.nextInt(out.length + 1);
            byte[] junk = new byte[1 + r.nextInt(20)];
            r.nextBytes(junk);
            return concat(concat(java.util.Arrays.copyOf(out, at), junk), java.util.Arrays.copyOfRange(out, at, out.length));
        }
        if (pick < 50) {
            return text.replaceFirst("\\{", "{\"action\":\"" + MARKER + "Bogus\",\"event\":\"Other\",")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 56) {
            String huge = List.of("1e999999", "9".repeat(2000), "-0.0e-99999", "123456789012345678901234567890",
                    "1" + "0".repeat(400)).get(r.nextInt(5));
            Matcher m = QUOTED_NUMBER.matcher(text);
            return (m.find() ? text.substring(0, m.start()) + ":" + huge + text.substring(m.end())
                    : text.replaceFirst("\\{", "{\"n\":" + huge + ",")).getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 60) {
            int depth = 1 + r.nextInt(20_000);
            return text.replaceFirst("\\{", "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + ",")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 66) {
            return replaceValue(text, r, "null").getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 72) {
            return replaceValue(text, r, List.of("{}", "[]", "12.5", "true", "[\"a\",{\"b\":null}]", "-1").get(r.nextInt(6)))
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 80) {
            String date = POISON_DATES.get(r.nextInt(POISON_DATES.size()));
            Matcher m = DATE_FIELD.matcher(text);
            return (m.find() ? text.substring(0, m.start()) + "\"" + m.group(1) + "\":\"" + date + "\"" + text.substring(m.end())
                    : text).getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 88) {
            return switch (r.nextInt(8)) {
                case 0 -> {
                    byte[] random = new byte[r.nextInt(3000)];
                    r.nextBytes(random);
                    yield random;
                }
                case 1 -> new byte[0];
                case 2 -> "null".getBytes(StandardCharsets.UTF_8);
                case 3 -> "[]".getBytes(StandardCharsets.UTF_8);
                case 4 -> "\"a string\"".getBytes(StandardCharsets.UTF_8);
                case 5 -> "-1e5".getBytes(StandardCharsets.UTF_8);
                case 6 -> "{}".getBytes(StandardCharsets.UTF_8);
                default -> ("--" + MARKER + "B\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\n" + text + "\r\n--"
                        + MARKER + "B--\r\n").getBytes(StandardCharsets.UTF_8);
            };
        }
        if (pick < 94) {
            byte[] out = vary(text, r).getBytes(StandardCharsets.UTF_8);
            for (int i = 0, n = 1 + r.nextInt(4); i < n && out.length > 2; i++) {
                int at = 1 + r.nextInt(out.length - 2);
                out[at] = List.of((byte) 0xC3, (byte) 0xFF, (byte) 0x80, (byte) 0xED, (byte) 0x00, (byte) 0x1B)
                        .get(r.nextInt(6));
            }
            return out;
        }
        return seed.clone();
    }

    /** The seed with some digits changed: a different call, extension, time (still well-formed). */
    private static String vary(String text, Random r) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isDigit(c) && r.nextInt(4) == 0 ? (char) ('0' + r.nextInt(10)) : c);
        }
        return out.toString();
    }

    private static String replaceValue(String text, Random r, String with) {
        Matcher m = STRING_VALUE.matcher(text);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[]{m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] span = spans.get(r.nextInt(spans.size()));
        return text.substring(0, span[0]) + ":" + with + text.substring(span[1]);
    }

    // ------------------------------------------------------------------ sending

    private void send(Shot shot, Ledger ledger) {
        try (Socket socket = RawHttp.connect(bridge.ingressPort())) {
            List<RawHttp.Response> answers = new ArrayList<>();
            switch (shot.mode()) {
                case CLOSE -> {
                    socket.getOutputStream().write(shot.head());
                    socket.getOutputStream().flush();
                }
                case CONTINUE -> {
                    socket.getOutputStream().write(shot.head());
                    socket.getOutputStream().flush();
                    RawHttp.Response interim = RawHttp.read(socket, Duration.ofSeconds(15));
                    if (interim.status() == 100) {
                        socket.getOutputStream().write(shot.rest());
                        socket.getOutputStream().flush();
                        answers.add(RawHttp.read(socket, Duration.ofSeconds(15)));
                    } else {
                        answers.add(interim);
                    }
                }
                case PIPELINE -> {
                    socket.getOutputStream().write(shot.head());
                    socket.getOutputStream().flush();
                    answers.add(RawHttp.read(socket, Duration.ofSeconds(15)));
                    answers.add(RawHttp.read(socket, Duration.ofSeconds(15)));
                }
                default -> {
                    try {
                        socket.getOutputStream().write(shot.head());
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        // the server answered and closed before the whole request was written (413, 431): read it
                    }
                    answers.add(RawHttp.read(socket, Duration.ofSeconds(15)));
                }
            }
            if (shot.mode() == Mode.CLOSE) {
                ledger.count(shot.kind(), -1);
                return;
            }
            if (shot.mode() == Mode.ONE && answers.get(0).status() == 503 && !stillRefused(shot)) {
                // A transient 503, as a PBX sees it: the same report taken when re-sent.
                ledger.count(shot.kind() + "-resent-after-503", 200);
                ledger.accepted.add(new Accepted(shot.pbx(), shot.kind(), shot.bodies().get(0)));
                return;
            }
            for (int i = 0; i < answers.size(); i++) {
                check(shot, i, answers.get(i), ledger);
            }
        } catch (IOException e) {
            ledger.count(shot.kind(), -1);
            if (!shot.allowed().contains(-1)) {
                ledger.violation(shot.kind() + " to " + shot.pbx() + ": " + e);
            }
        }
    }

    /**
     * Re-sends a report answered 503 as its PBX would, three times at 500 ms: true when it is refused every time. 503
     * means "try again later" (Kafka, overload, stopping): a report that never gets past it is a poison report.
     */
    private boolean stillRefused(Shot shot) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            RawHttp.Response again = RawHttp.exchange(bridge.ingressPort(), shot.head());
            if (again.status() != 503) {
                return again.status() != 200 || shot.bodies().get(0).isEmpty();
            }
        }
        return true;
    }

    private void check(Shot shot, int index, RawHttp.Response answer, Ledger ledger) {
        int status = answer.status();
        ledger.count(shot.kind(), status);
        String what = shot.kind() + " to " + shot.pbx() + " (answer " + (index + 1) + "): " + answer.statusLine();
        if (status >= 500 && status != 503) {
            ledger.violation(what + ": a 5xx other than 503");
        }
        if (status == 503 && shot.mode() == Mode.ONE) {
            ledger.violation(what + ": 503 on every one of four tries (a poison report re-sent for ever?)");
        }
        if (status == 200) {
            List<byte[]> candidates = shot.bodies().get(index);
            if (candidates.isEmpty()) {
                ledger.violation(what + ": 200 where no report could be taken");
            } else {
                ledger.accepted.add(new Accepted(shot.pbx(), shot.kind(), candidates));
            }
        } else if (!shot.allowed().contains(status)) {
            ledger.violation(what + ": not one of " + shot.allowed());
        }
        if (status == 404 && answer.body().length > 0) {
            ledger.violation(what + ": a 404 with a body (" + answer.body().length + " bytes)");
        }
        if (shot.refusal() && status != 404) {
            ledger.violation(what + ": a wrong id or secret not refused with 404");
        }
    }

    /** Headers, then 1 byte every 200 ms: the ingress must answer 408 once {@code body_timeout} is over. */
    private void slowBody(Route route, Ledger ledger) {
        try (Socket socket = RawHttp.connect(bridge.ingressPort())) {
            RawHttp.write(socket, "POST /report/" + route.pbx() + "/" + route.secret() + " HTTP/1.1\r\nHost: "
                    + MARKER + "\r\nContent-Length: 100\r\n\r\n");
            RawHttp.Response answer = RawHttp.trickle(socket, "[".repeat(100).getBytes(StandardCharsets.UTF_8),
                    Duration.ofMillis(200));
            ledger.count("slow-body", answer.status());
            if (answer.status() != 408 && answer.status() != 503) {
                ledger.violation("slow body to " + route.pbx() + ": " + (answer.status() < 0 ? "no answer"
                        : answer.statusLine()) + " instead of 408");
            }
        } catch (IOException e) {
            ledger.violation("slow body to " + route.pbx() + ": " + e);
        }
    }

    // ------------------------------------------------------------------ checking

    /** What a round broke. */
    public record Verdict(int accepted, int accountedAsRecords, int accountedAsDeadLetters, List<String> violations) {
    }

    /** Waits until every 200 of the round is on Kafka (or {@code timeout}), then checks every invariant. */
    public Verdict verify(Ledger ledger, Duration timeout) throws Exception {
        List<String> violations = new ArrayList<>(ledger.violations);
        String inFlight = awaitInFlightZero(FuzzBridge.BODY_TIMEOUT.plus(FuzzBridge.ACK_TIMEOUT).plusSeconds(10));
        if (inFlight != null) {
            violations.add("pbx_reports_in_flight " + inFlight + " after the round, not 0: a leaked slot");
        }
        List<Expected> expected = new ArrayList<>();
        synchronized (ledger.accepted) {
            for (Accepted a : ledger.accepted) {
                expected.add(expectation(a));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Expected> missing = expected;
        while (true) {
            missing = missing.stream().filter(e -> !e.accounted(collector)).toList();
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        for (Expected e : missing.stream().limit(50).toList()) {
            violations.add("answered 200 but not on Kafka: " + e.describe());
        }
        if (missing.size() > 50) {
            violations.add("... and " + (missing.size() - 50) + " more answered 200 but not on Kafka");
        }
        int asDeadLetters = (int) expected.stream().filter(e -> e.asDeadLetter(collector)).count();
        violations.addAll(metricsViolations());
        return new Verdict(expected.size(), expected.size() - missing.size() - asDeadLetters, asDeadLetters, violations);
    }

    /** The value of {@code pbx_reports_in_flight} unless it came back to 0 within {@code within}; null when it did. */
    private String awaitInFlightZero(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "unknown";
        while (System.nanoTime() < deadline) {
            last = bridge.get("/metrics").body().lines().filter(l -> l.startsWith("pbx_reports_in_flight "))
                    .map(l -> l.substring(l.indexOf(' ') + 1)).findFirst().orElse("missing");
            if (last.equals("0.0")) {
                return null;
            }
            Thread.sleep(100);
        }
        return last;
    }

    private List<String> metricsViolations() throws Exception {
        List<String> violations = new ArrayList<>();
        String metrics = bridge.get("/metrics").body();
        if (metrics.toLowerCase(Locale.ROOT).contains(MARKER)) {
            String line = metrics.lines().filter(l -> l.toLowerCase(Locale.ROOT).contains(MARKER)).findFirst().orElse("");
            violations.add("/metrics holds a value taken from a request: " + line);
        }
        Set<String> now = series(metrics);
        Set<String> added = new java.util.TreeSet<>(now);
        added.removeAll(baselineSeries);
        if (added.size() > 60) {
            violations.add("/metrics grew by " + added.size() + " series (bounded labels allow a few dozen), e.g. "
                    + added.stream().limit(5).toList());
        }
        for (String secret : bridge.secrets()) {
            if (metrics.contains(secret)) {
                violations.add("a secret on /metrics");
            }
        }
        return violations;
    }

    /** Over the whole run: logs, liveness, and a good report of each vendor still taken and published. */
    public List<String> finalChecks() throws Exception {
        List<String> violations = new ArrayList<>();
        List<String> lines = bridge.logLines();
        for (String secret : bridge.secrets()) {
            lines.stream().filter(l -> l.contains(secret)).findFirst()
                    .ifPresent(l -> violations.add("a secret in the log: " + l.substring(0, Math.min(80, l.indexOf(secret)))));
        }
        lines.stream().filter(l -> l.contains("Unhandled exception")).limit(3)
                .forEach(l -> violations.add("an unhandled exception in the log: " + l.substring(0, Math.min(300, l.length()))));
        long seconds = Math.max(1, Duration.between(started, Instant.now()).toSeconds());
        long warnings = lines.stream().filter(l -> l.contains("ReportIngressServer") && (l.startsWith("WARN")
                || l.contains("\"WARN\""))).count();
        long allowed = 4L * 5 * (seconds / 10 + 2); // four rate-limited kinds, 5 lines per 10 s each
        if (warnings > allowed) {
            violations.add(warnings + " ingress warnings in " + seconds + " s: not rate-limited (at most " + allowed + ")");
        }
        if (!bridge.processAlive()) {
            violations.add("the bridge's process is gone");
            return violations;
        }
        if (bridge.get("/health/live").statusCode() != 200) {
            violations.add("/health/live is not 200");
        }
        for (Route route : routes.values()) {
            byte[] body = vary(new String(route.seeds().get(0), StandardCharsets.UTF_8), new Random()).getBytes(StandardCharsets.UTF_8);
            RawHttp.Response answer = RawHttp.exchange(bridge.ingressPort(), RawHttp.post("/report/" + route.pbx() + "/"
                    + route.secret(), "application/json", body));
            if (answer.status() != 200) {
                violations.add("a last good report to " + route.pbx() + " got " + answer.statusLine());
                continue;
            }
            Expected expected = expectation(new Accepted(route.pbx(), "last", List.of(body)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!expected.accounted(collector) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (!expected.accounted(collector)) {
                violations.add("a last good report to " + route.pbx() + " is not on Kafka");
            }
        }
        return violations;
    }

    /** What must be on Kafka for one 200: for one of its candidate bodies, its records or its dead letter. */
    private record Expected(Accepted accepted, List<Set<String>> eventIds, List<String> bodyHashes) {
        boolean accounted(Collector collector) {
            return asDeadLetter(collector) || eventIds.stream().anyMatch(ids -> !ids.isEmpty() && collector.hasAll(ids));
        }

        boolean asDeadLetter(Collector collector) {
            return bodyHashes.stream().anyMatch(collector::hasDeadLetter);
        }

        String describe() {
            byte[] first = accepted.candidates().get(0);
            String text = new String(first, 0, Math.min(first.length, 120), StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", "?");
            return accepted.kind() + " to " + accepted.pbx() + ", " + first.length + " bytes: " + text
                    + (eventIds.stream().allMatch(Set::isEmpty) ? " (its normalizer yields nothing: a silent drop)" : "");
        }
    }

    private Expected expectation(Accepted accepted) {
        Route route = routes.get(accepted.pbx());
        List<Set<String>> ids = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (byte[] body : accepted.candidates()) {
            hashes.add(sha256(body));
            ReportRecords.Outcome outcome = ReportRecords.of(route.normalizer(), route.connector().vendor(),
                    new RawReport(route.pbx(), body, Instant.now(), IngressChannel.HTTP_REPORT), new BridgeInfo("fuzz", "fuzz"));
            ids.add(outcome.deadLettered() ? Set.of()
                    : outcome.records().stream().map(NormalizedRecord::eventId).collect(java.util.stream.Collectors.toSet()));
        }
        return new Expected(accepted, ids, hashes);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The series (name and labels) of a Prometheus text exposition. */
    static Set<String> series(String exposition) {
        Set<String> names = new java.util.TreeSet<>();
        exposition.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> names.add(l.substring(0, l.lastIndexOf(' '))));
        return names;
    }

    /** Forgets a verified round's bodies (long runs). */
    void forget(Ledger ledger) {
        ledger.accepted.clear();
    }

    public int rounds() {
        return rounds;
    }

    @Override
    public void close() throws Exception {
        workers.shutdownNow();
        collector.close();
    }

    // ------------------------------------------------------------------ seeds

    private static List<byte[]> yeastarSeeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (String base : List.of("..", ".")) {
            Path reports = Path.of(base, "connectors", "yeastar-s", "src", "test", "resources", "yeastar", "reports");
            if (!Files.isDirectory(reports)) {
                continue;
            }
            for (String dir : List.of("v1.0.0", "v1.1.0", "quirks")) {
                try (Stream<Path> files = Files.list(reports.resolve(dir))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                        seeds.add(Files.readAllBytes(file));
                    }
                }
            }
            break;
        }
        if (seeds.isEmpty()) {
            throw new IllegalStateException("the Yeastar report fixtures (connectors/yeastar-s/src/test/resources) "
                    + "are not reachable from " + Path.of("").toAbsolutePath());
        }
        return seeds;
    }

    private static List<byte[]> ucmSeeds() {
        return Stream.of(
                "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ExtensionStatus\",\"eventbody\":[{\"extension\":\"1001\","
                        + "\"status\":\"InUse\"}]}]}",
                "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":[{\"action\":\"add\","
                        + "\"channel\":\"PJSIP/trunk_1-00000020\",\"chantype\":\"unbridge\",\"uniqueid\":\"1574693200.30\","
                        + "\"linkedid\":\"1574693200.30\",\"state\":\"Ring\",\"service\":\"from-trunk\",\"callername\":\"0612345678\","
                        + "\"callernum\":\"0612345678\",\"connectedname\":\"\",\"connectednum\":\"s\",\"callid\":\"\","
                        + "\"alloc_time\":\"2019-11-25 11:00:00\",\"inbound_trunk_name\":\"SIPTrunk1\",\"outbound_trunk_name\":\"\"}],"
                        + "\"transactionid\":\"\"}]}",
                "{\"cdr_root\":[{\"AcctId\":\"12\",\"uniqueid\":\"1574693200.31\",\"start\":\"2019-11-25 11:00:00\","
                        + "\"answer\":\"2019-11-25 11:00:03\",\"end\":\"2019-11-25 11:00:30\",\"src\":\"1000\",\"dst\":\"1001\","
                        + "\"disposition\":\"ANSWERED\",\"duration\":\"30\",\"billsec\":\"27\",\"userfield\":\"Internal\"}]}",
                "{\"action\":\"TrunkStatus\",\"trunk\":\"SIPTrunk1\",\"status\":\"Reachable\"}",
                "{\"message\":[{\"action\":\"notify\",\"eventname\":\"PbxStatus\",\"eventbody\":[{\"status\":\"ok\"}]}]}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    // ------------------------------------------------------------------ reading the topics

    /** Reads the bridge's event and dead-letter topics from the beginning: every ce_id, every dead letter's body. */
    static final class Collector implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
        private final Set<String> deadLetterBodies = ConcurrentHashMap.newKeySet();
        private final String dlqTopic;
        private volatile boolean running = true;

        private Collector(KafkaConsumer<String, byte[]> consumer, String dlqTopic) {
            this.consumer = consumer;
            this.dlqTopic = dlqTopic;
            this.thread = new Thread(this::poll, "ingress-fuzz-collector");
            this.thread.setDaemon(true);
        }

        static Collector start(String bootstrap, String prefix) {
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (BridgeTopic topic : List.of(BridgeTopic.CALL_EVENTS, BridgeTopic.CDR, BridgeTopic.EXTENSION_STATUS,
                    BridgeTopic.TRUNK_STATUS, BridgeTopic.SYSTEM, BridgeTopic.DLQ)) {
                for (PartitionInfo p : consumer.partitionsFor(topic.nameWith(prefix), Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(p.topic(), p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Collector collector = new Collector(consumer, BridgeTopic.DLQ.nameWith(prefix));
            collector.thread.start();
            return collector;
        }

        private void poll() {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Header id = r.headers().lastHeader(CloudEventHeaders.ID);
                    if (id != null) {
                        eventIds.add(new String(id.value(), StandardCharsets.UTF_8));
                    }
                    if (r.topic().equals(dlqTopic)) {
                        try {
                            DeadLetter dead = CODEC.decode(r.topic(), r.value(), DeadLetter.class);
                            byte[] raw = new byte[dead.getRaw().remaining()];
                            dead.getRaw().duplicate().get(raw);
                            deadLetterBodies.add(sha256(raw));
                        } catch (RuntimeException e) {
                            // not a dead letter of ours
                        }
                    }
                }
            }
            consumer.close();
        }

        boolean hasAll(Set<String> ids) {
            return eventIds.containsAll(ids);
        }

        boolean hasDeadLetter(String bodyHash) {
            return deadLetterBodies.contains(bodyHash);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
