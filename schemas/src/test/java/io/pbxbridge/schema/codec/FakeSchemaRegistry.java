package io.pbxbridge.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small Confluent-compatible schema registry over real HTTP on loopback: {@code POST
 * /subjects/{subject}/versions} and {@code GET /schemas/ids/{id}}, with global ids per distinct schema
 * (as Confluent assigns them), Confluent-style error bodies, optional basic auth and a "stall" switch to
 * provoke client timeouts.
 */
final class FakeSchemaRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> subjects = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(100);
    final AtomicInteger registerRequests = new AtomicInteger();
    final AtomicInteger fetchRequests = new AtomicInteger();
    final List<String> schemaTypesSeen = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String expectedAuthorization;
    private volatile boolean stall;

    FakeSchemaRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    void requireBasicAuth(String user, String password) {
        expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    void stall() {
        stall = true;
    }

    List<Integer> versions(String subject) {
        return subjects.getOrDefault(subject, List.of());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (stall) {
                awaitRelease();
                return;
            }
            if (expectedAuthorization != null
                    && !expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.matches("/subjects/[^/]+/versions")) {
                register(exchange, path.substring("/subjects/".length(), path.length() - "/versions".length()));
            } else if (method.equals("GET") && path.matches("/schemas/ids/-?\\d+")) {
                fetch(exchange, Integer.parseInt(path.substring("/schemas/ids/".length())));
            } else {
                reply(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
            }
        }
    }

    private void register(HttpExchange exchange, String subject) throws IOException {
        registerRequests.incrementAndGet();
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        synchronized (schemaTypesSeen) {
            schemaTypesSeen.add(body.path("schemaType").asText(null));
        }
        String text = body.path("schema").asText();
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            reply(exchange, 422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
            return;
        }
        // Same schema, same global id, as Confluent does (it compares canonical forms).
        String canonical = schema.toString();
        int id = idsBySchema.computeIfAbsent(canonical, c -> {
            int assigned = nextId.getAndIncrement();
            schemasById.put(assigned, c);
            return assigned;
        });
        subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        synchronized (subjects.get(subject)) {
            if (!subjects.get(subject).contains(id)) {
                subjects.get(subject).add(id);
            }
        }
        reply(exchange, 200, "{\"id\":" + id + "}");
    }

    private void fetch(HttpExchange exchange, int id) throws IOException {
        fetchRequests.incrementAndGet();
        String schema = schemasById.get(id);
        if (schema == null) {
            reply(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema " + id + " not found\"}");
            return;
        }
        reply(exchange, 200, JSON.createObjectNode().put("schema", schema).toString());
    }

    private void awaitRelease() {
        try {
            released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
