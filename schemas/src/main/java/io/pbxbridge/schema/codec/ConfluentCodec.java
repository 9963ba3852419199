package io.pbxbridge.schema.codec;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Confluent framing: magic byte {@code 0x00}, the 4-byte big-endian schema id of a
 * Confluent-compatible schema registry, then the Avro binary body. Value schemas are registered under
 * {@code <topic>-value} (TopicNameStrategy), so Confluent's own deserializers read what this writes.
 *
 * <p>Registry calls block: call {@link SchemaRegistryClient#registerAll(Map)} at startup so that
 * {@link #encode} only hits the client's cache. With {@code registerOnMiss = false} an unregistered
 * schema is an error instead of a blocking HTTP call on the caller's thread.
 */
public final class ConfluentCodec implements RecordCodec {
    public static final byte MAGIC = 0x00;
    public static final int HEADER_LENGTH = 5;

    static {
        TrustedContractClasses.install();
    }

    private final SchemaRegistryClient registry;
    private final boolean registerOnMiss;
    private final Map<Schema, SpecificDatumWriter<SpecificRecord>> writers = new ConcurrentHashMap<>();
    private final Map<ReaderKey, DatumReader<?>> readers = new ConcurrentHashMap<>();

    private record ReaderKey(int id, Class<?> type) {
    }

    /** Registers a schema on first use when {@link SchemaRegistryClient#registerAll} did not. */
    public ConfluentCodec(SchemaRegistryClient registry) {
        this(registry, true);
    }

    public ConfluentCodec(SchemaRegistryClient registry, boolean registerOnMiss) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.registerOnMiss = registerOnMiss;
    }

    @Override
    public String name() {
        return "confluent";
    }

    @Override
    public String contentType() {
        return "application/vnd.confluent.avro";
    }

    @Override
    public byte[] encode(String topic, SpecificRecord record) {
        Schema schema = record.getSchema();
        int id = schemaId(topic, schema);
        byte[] header = ByteBuffer.allocate(5).put(MAGIC).putInt(id).array();
        try {
            Optional<AvroBinaryWriter> compiled = AvroBinaryWriter.forSchema(schema);
            if (compiled.isPresent()) {
                return compiled.get().write(header, record);
            }
            SpecificDatumWriter<SpecificRecord> writer = writers.computeIfAbsent(schema,
                    s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.writeBytes(header);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot encode " + schema.getFullName() + " for " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> T decode(String topic, byte[] bytes, Class<T> type) {
        int id = schemaId(topic, bytes);
        Schema writer = registry.schemaById(id);
        Schema reader = SpecificData.get().getSchema(type);
        if (!writer.getFullName().equals(reader.getFullName())) {
            throw new CodecException("cannot decode " + type.getSimpleName() + " from " + topic
                    + ": schema id " + id + " is a " + writer.getFullName());
        }
        DatumReader<T> datumReader = (DatumReader<T>) readers.computeIfAbsent(new ReaderKey(id, type),
                k -> new SpecificDatumReader<T>(writer, reader, SpecificData.getForSchema(reader)));
        return read(topic, bytes, datumReader, type.getSimpleName());
    }

    @Override
    @SuppressWarnings("unchecked")
    public GenericRecord decodeGeneric(String topic, byte[] bytes) {
        int id = schemaId(topic, bytes);
        Schema writer = registry.schemaById(id);
        DatumReader<GenericRecord> datumReader = (DatumReader<GenericRecord>) readers.computeIfAbsent(
                new ReaderKey(id, GenericRecord.class), k -> new GenericDatumReader<GenericRecord>(writer, writer,
                        GenericData.get()));
        return read(topic, bytes, datumReader, writer.getName());
    }

    private int schemaId(String topic, Schema schema) {
        if (registerOnMiss) {
            return registry.registerValueSchema(topic, schema);
        }
        return registry.cachedId(SchemaRegistryClient.valueSubject(topic), schema)
                .orElseThrow(() -> new CodecException("schema " + schema.getFullName() + " is not registered for "
                        + topic + ": register it at startup with SchemaRegistryClient.registerAll"));
    }

    private static int schemaId(String topic, byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new CodecException("not Confluent-framed Avro on " + topic + ": "
                    + (bytes == null ? "null value" : bytes.length + " bytes, the header alone is " + HEADER_LENGTH));
        }
        if (bytes[0] != MAGIC) {
            throw new CodecException(String.format("not Confluent-framed Avro on %s: magic byte %02X, expected 00%s",
                    topic, bytes[0], bytes[0] == (byte) 0xC3 ? " (looks like Avro single-object encoding:"
                            + " use the single-object codec)" : ""));
        }
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    private static <T> T read(String topic, byte[] bytes, DatumReader<T> reader, String what) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot decode " + what + " from " + topic
                    + ": truncated or corrupt Avro body (" + e + ")", e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new CodecException("cannot decode " + what + " from " + topic + ": unexpected bytes after the Avro body");
            }
        } catch (IOException e) {
            throw new CodecException("cannot decode " + what + " from " + topic + ": " + e.getMessage(), e);
        }
        return value;
    }
}
