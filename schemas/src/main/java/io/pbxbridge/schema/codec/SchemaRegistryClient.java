package io.pbxbridge.schema.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small client of the Confluent-compatible schema registry REST API (Confluent, Apicurio ccompat,
 * Karapace, Redpanda): registers value schemas under the TopicNameStrategy subject
 * {@code <topic>-value} and fetches schemas by id. Both directions are cached for the life of the
 * client, and ids never change for a schema, so each schema costs at most one request.
 *
 * <p><b>Blocking.</b> Every method that may miss the cache does blocking HTTP. Call
 * {@link #registerAll(Map)} at startup (off any event loop) for every topic and schema the process
 * writes; after that, {@link ConfluentCodec#encode} only hits the cache. Decoding a schema id not seen
 * before fetches it once; run consumers on a worker thread, not on an event loop.
 *
 * <p>Credentials (basic auth) are only sent in the {@code Authorization} header; they never appear in
 * exception messages, {@link #toString()} or logs. A base URI with user info is refused for that reason.
 */
public final class SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUri;
    private final String displayUri;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private SchemaRegistryClient(Builder builder) {
        String base = builder.baseUri.toString();
        this.baseUri = URI.create(base.endsWith("/") ? base : base + "/");
        this.displayUri = this.baseUri.getScheme() + "://" + this.baseUri.getAuthority() + this.baseUri.getPath();
        this.authorization = Optional.ofNullable(builder.authorization);
        this.requestTimeout = builder.requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @param baseUri e.g. {@code http://registry:8081} or {@code https://host/apis/ccompat/v7} */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** The TopicNameStrategy subject of a topic's values: {@code <topic>-value}. */
    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    /** Registers (or finds) {@code schema} as a value schema of {@code topic}; returns its global id. */
    public int registerValueSchema(String topic, Schema schema) {
        return register(valueSubject(topic), schema);
    }

    /**
     * Registers {@code schema} under {@code subject}: {@code POST /subjects/{subject}/versions}.
     * Registering a schema the subject already has returns the existing id.
     */
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("schemaType", "AVRO");
        // Without Java-only properties: registry readers in other languages fingerprint what they fetch.
        body.put("schema", PortableSchemaJson.of(schema));
        String path = "subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20") + "/versions";
        JsonNode answer = send("POST", path, body.toString(), "register " + schema.getFullName() + " under " + subject);
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new CodecException("schema registry " + displayUri + " answered POST /" + path + " without an id");
        }
        int value = id.intValue();
        ids.put(schema, value);
        schemasById.putIfAbsent(value, schema);
        return value;
    }

    /**
     * Registers every topic's value schema, at startup, so the hot path only hits the cache.
     *
     * @return the schema id per topic, in the map's order
     * @throws CodecException on the first schema the registry refuses, naming the topic
     */
    public Map<String, Integer> registerAll(Map<String, Schema> schemasByTopic) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        schemasByTopic.forEach((topic, schema) -> ids.put(topic, registerValueSchema(topic, schema)));
        return Collections.unmodifiableMap(ids);
    }

    /** The id of {@code schema} under {@code subject} if this client registered it already; never does HTTP. */
    public Optional<Integer> cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? Optional.empty() : Optional.ofNullable(ids.get(schema));
    }

    /** The schema with a global id: {@code GET /schemas/ids/{id}}, cached. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "schemas/ids/" + id;
        JsonNode answer = send("GET", path, null, "fetch schema id " + id);
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw new CodecException("schema id " + id + " at " + displayUri + " is a " + type.asText()
                    + " schema, not AVRO");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new CodecException("schema registry " + displayUri + " answered GET /" + path + " without a schema");
        }
        try {
            Schema schema = new Schema.Parser().parse(text.asText());
            Schema previous = schemasById.putIfAbsent(id, schema);
            return previous != null ? previous : schema;
        } catch (SchemaParseException e) {
            throw new CodecException("schema id " + id + " at " + displayUri + " is not a valid Avro schema: "
                    + e.getMessage(), e);
        }
    }

    private JsonNode send(String method, String path, String body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
            request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new CodecException("cannot " + what + ": schema registry " + displayUri + " timed out ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new CodecException("cannot " + what + ": schema registry " + displayUri + " unreachable ("
                    + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CodecException("cannot " + what + ": interrupted while waiting for " + displayUri, e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new CodecException("cannot " + what + ": schema registry " + displayUri + " answered "
                    + method + " /" + path + " with HTTP " + response.statusCode() + errorDetail(json));
        }
        if (json == null) {
            throw new CodecException("cannot " + what + ": schema registry " + displayUri + " answered "
                    + method + " /" + path + " with a body that is not JSON");
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String errorDetail(JsonNode json) {
        if (json == null) {
            return "";
        }
        JsonNode code = json.get("error_code");
        JsonNode message = json.get("message");
        StringBuilder out = new StringBuilder();
        if (code != null) {
            out.append(" error_code ").append(code.asText());
        }
        if (message != null) {
            out.append(": ").append(message.asText());
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + displayUri + (authorization.isPresent() ? ", basic auth" : "") + "]";
    }

    /** Builds a {@link SchemaRegistryClient}; defaults: 5 s connect timeout, 10 s request timeout. */
    public static final class Builder {
        private final URI baseUri;
        private String authorization;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            if (baseUri.getRawUserInfo() != null) {
                // Do not echo the URI: it holds the credentials.
                throw new IllegalArgumentException("schema registry URL must not contain credentials; use basicAuth");
            }
            if (!"http".equalsIgnoreCase(baseUri.getScheme()) && !"https".equalsIgnoreCase(baseUri.getScheme())) {
                throw new IllegalArgumentException("schema registry URL must be http or https: " + baseUri);
            }
            this.baseUri = baseUri;
        }

        /** HTTP basic auth (Confluent Cloud: API key and secret). */
        public Builder basicAuth(String username, char[] password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            String pair = username + ":" + new String(password);
            this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Time allowed for one request, from sending to the complete answer. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        public SchemaRegistryClient build() {
            return new SchemaRegistryClient(this);
        }

        private static Duration positive(Duration timeout, String name) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + timeout);
            }
            return timeout;
        }
    }
}
