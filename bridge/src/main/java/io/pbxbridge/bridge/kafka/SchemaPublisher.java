package io.pbxbridge.bridge.kafka;

import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.PortableSchemaJson;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import org.apache.avro.Schema;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes every schema of the contract, current and released, to the compacted
 * {@code <prefix>schemas} topic, so a consumer can resolve the fingerprint of a single-object-encoded
 * record without a registry. Key: {@link SchemaCatalog#fingerprintHex} (16 hex digits, most
 * significant first); value: the schema JSON (UTF-8) without Java-only properties
 * ({@link PortableSchemaJson}); header {@code schema_name}: the full name.
 * Re-publishing is harmless: same key, same value.
 */
public final class SchemaPublisher {
    public static final String SCHEMA_NAME_HEADER = "schema_name";
    public static final String CONTENT_TYPE = "application/vnd.apache.avro+json";

    private final KafkaRecordPublisher publisher;
    private final String topic;
    private final SchemaCatalog catalog;

    public SchemaPublisher(KafkaRecordPublisher publisher, String topicPrefix) {
        this(publisher, topicPrefix, SchemaCatalog.standard());
    }

    public SchemaPublisher(KafkaRecordPublisher publisher, String topicPrefix, SchemaCatalog catalog) {
        this.publisher = publisher;
        this.topic = BridgeTopic.SCHEMAS.nameWith(topicPrefix);
        this.catalog = catalog;
    }

    /** Completes when Kafka acknowledged every schema. */
    public Future<Void> publishAll() {
        List<Future<Void>> sends = new ArrayList<>();
        String now = Instant.now().toString();
        for (Map.Entry<String, Schema> entry : catalog.schemasByHexFingerprint().entrySet()) {
            sends.add(publish(entry.getKey(), entry.getValue(), now));
        }
        return Future.all(sends).mapEmpty();
    }

    /**
     * Re-writes one schema record (the first of the catalog): a write that only a Kafka taking writes acknowledges,
     * and harmless on this compacted topic (same key, same value). The probe of {@link KafkaWritability}.
     */
    public Future<Void> probe() {
        Map.Entry<String, Schema> first = catalog.schemasByHexFingerprint().entrySet().iterator().next();
        return publish(first.getKey(), first.getValue(), Instant.now().toString());
    }

    private Future<Void> publish(String fingerprint, Schema schema, String now) {
        // Like every bridge record, schema records carry the CloudEvents headers; the id is the fingerprint.
        Map<String, String> headers = Map.of(SCHEMA_NAME_HEADER, schema.getFullName(),
                CloudEventHeaders.CONTENT_TYPE, CONTENT_TYPE,
                CloudEventHeaders.ID, fingerprint,
                CloudEventHeaders.SOURCE, "/bridge",
                CloudEventHeaders.TYPE, CeTypes.PREFIX + "schema",
                CloudEventHeaders.TIME, now,
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        byte[] json = PortableSchemaJson.of(schema).getBytes(StandardCharsets.UTF_8);
        return publisher.send(topic, fingerprint, json, headers);
    }

    /** How many schema records {@link #publishAll()} writes. */
    public int schemaCount() {
        return catalog.schemasByHexFingerprint().size();
    }

    public String topic() {
        return topic;
    }
}
