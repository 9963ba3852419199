package io.pbxbridge.schema.codec;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro single-object encoding: {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer
 * schema (little-endian), then the Avro binary body. Self-describing without a registry: the
 * fingerprint resolves against the schemas shipped in this artifact (and published to
 * {@code pbx.schemas}).
 */
public final class SingleObjectCodec implements RecordCodec {
    private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    private final Map<Class<?>, BinaryMessageDecoder<?>> decoders = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "single-object";
    }

    @Override
    public String contentType() {
        return "application/avro";
    }

    @Override
    public byte[] encode(String topic, SpecificRecord record) {
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.computeIfAbsent(record.getSchema(),
                s -> new BinaryMessageEncoder<>(SpecificData.getForSchema(s), s));
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot encode " + record.getSchema().getFullName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> T decode(String topic, byte[] bytes, Class<T> type) {
        BinaryMessageDecoder<T> decoder = (BinaryMessageDecoder<T>) decoders.computeIfAbsent(type, t -> {
            Schema schema = SpecificData.get().getSchema(t);
            return new BinaryMessageDecoder<T>(SpecificData.getForSchema(schema), schema);
        });
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot decode " + type.getSimpleName() + " from " + topic + ": " + e.getMessage(), e);
        }
    }
}
