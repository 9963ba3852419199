package io.pbxbridge.bridge.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two calls of a Confluent-compatible registry the codec uses, over real HTTP on loopback:
 * {@code POST /subjects/{subject}/versions} and {@code GET /schemas/ids/{id}}.
 */
public final class TinySchemaRegistry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);
    public final AtomicInteger lookups = new AtomicInteger();

    public TinySchemaRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String answer;
        int status = 200;
        if (exchange.getRequestMethod().equals("POST") && path.startsWith("/subjects/") && path.endsWith("/versions")) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String schema = body.get("schema").asText();
            int id = ids.computeIfAbsent(schema, s -> next.getAndIncrement());
            schemas.put(id, schema);
            answer = JSON.createObjectNode().put("id", id).toString();
        } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/schemas/ids/")) {
            lookups.incrementAndGet();
            String schema = schemas.get(Integer.parseInt(path.substring("/schemas/ids/".length())));
            if (schema == null) {
                status = 404;
                answer = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
            } else {
                answer = JSON.createObjectNode().put("schema", schema).toString();
            }
        } else {
            status = 404;
            answer = "{\"error_code\":404,\"message\":\"not here\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
