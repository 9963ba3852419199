package io.pbxbridge.schema.codec;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns records into Kafka value bytes and back. Implementations frame the Avro body so a reader can
 * find the writer's schema: Avro single-object encoding (default) or Confluent framing.
 */
public interface RecordCodec {

    /** A short name for configuration and logs, e.g. {@code single-object}. */
    String name();

    /** The {@code content-type} header value for records written by this codec. */
    String contentType();

    /** Frames {@code record} for {@code topic}. Throws {@link CodecException} when it cannot. */
    byte[] encode(String topic, SpecificRecord record);

    /**
     * Decodes bytes written with any known writer schema of {@code type} into the current class
     * (Avro schema resolution fills fields the writer did not know with their defaults).
     *
     * @throws CodecException bad framing, unknown writer schema, a different record type, corrupt body
     */
    <T extends SpecificRecord> T decode(String topic, byte[] bytes, Class<T> type);

    /**
     * Decodes bytes of any record type with exactly the writer's schema, for tooling that does not
     * know the type in advance (e.g. printing a record with {@link AvroJson#toJson}).
     *
     * @throws CodecException bad framing, unknown writer schema, corrupt body
     */
    GenericRecord decodeGeneric(String topic, byte[] bytes);
}
