package io.pbxbridge.schema.codec;

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

    byte[] encode(String topic, SpecificRecord record);

    <T extends SpecificRecord> T decode(String topic, byte[] bytes, Class<T> type);
}
