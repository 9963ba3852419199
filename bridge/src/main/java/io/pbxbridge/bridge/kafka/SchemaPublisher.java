package io.pbxbridge.bridge.kafka;

import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Publishes every top-level schema to the compacted {@code <prefix>schemas} topic, so a consumer can
 * resolve the fingerprint in a single-object-encoded record without a registry. Key: the CRC-64-AVRO
 * fingerprint as lower-case hex of its 8 bytes in the order single-object encoding writes them
 * (little-endian), i.e. the hex of bytes 2..9 of any record; value: the schema JSON (UTF-8); header
 * {@code schema_name}: the full name. Re-publishing is harmless: same key, same value.
 */
public final class SchemaPublisher {
    public static final String SCHEMA_NAME_HEADER = "schema_name";
    public static final String CONTENT_TYPE = "application/vnd.apache.avro+json";

    private final KafkaRecordPublisher publisher;
    private final String topic;
    private final List<Schema> schemas;

    public SchemaPublisher(KafkaRecordPublisher publisher, String topicPrefix) {
        this(publisher, topicPrefix, bridgeSchemas());
    }

    public SchemaPublisher(KafkaRecordPublisher publisher, String topicPrefix, List<Schema> schemas) {
        this.publisher = publisher;
        this.topic = BridgeTopic.SCHEMAS.nameWith(topicPrefix);
        this.schemas = List.copyOf(schemas);
    }

    /** The records the bridge writes and reads (the value schemas of every topic). */
    public static List<Schema> bridgeSchemas() {
        return List.of(CallEvent.getClassSchema(), CallRecord.getClassSchema(), ExtensionStatus.getClassSchema(),
                TrunkStatus.getClassSchema(), PbxEvent.getClassSchema(), Command.getClassSchema(),
                CommandResult.getClassSchema(), DeadLetter.getClassSchema());
    }

    /** Hex of the CRC-64-AVRO fingerprint bytes, as they appear in the single-object header. */
    public static String fingerprintHex(Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        byte[] littleEndian = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++) {
            littleEndian[i] = (byte) (fingerprint >>> (8 * i));
        }
        return HexFormat.of().formatHex(littleEndian);
    }

    /** Completes when Kafka acknowledged every schema. */
    public Future<Void> publishAll() {
        List<Future<Void>> sends = new ArrayList<>();
        for (Schema schema : schemas) {
            sends.add(publisher.send(topic, fingerprintHex(schema), schema.toString().getBytes(StandardCharsets.UTF_8),
                    Map.of(SCHEMA_NAME_HEADER, schema.getFullName(), CloudEventHeaders.CONTENT_TYPE, CONTENT_TYPE)));
        }
        return Future.all(sends).mapEmpty();
    }

    public String topic() {
        return topic;
    }
}
