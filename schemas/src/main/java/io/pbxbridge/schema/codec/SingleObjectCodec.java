package io.pbxbridge.schema.codec;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Avro single-object encoding: {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of the writer
 * schema (little-endian), then the Avro binary body. Self-describing without a registry: the
 * fingerprint resolves against the {@link SchemaCatalog} (the schemas shipped in this artifact,
 * current and released; the bridge also publishes them to {@code pbx.schemas}).
 *
 * <p>Thread-safe; encoders and decoders are cached per schema / class.
 */
public final class SingleObjectCodec implements RecordCodec {
    /** Length of marker plus fingerprint in front of the body. */
    public static final int HEADER_LENGTH = 10;
    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;

    static {
        TrustedContractClasses.install();
    }

    private final SchemaCatalog catalog;
    private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    /** Per schema: marker and fingerprint, and the compiled writer (empty: Avro's encoder is used). */
    private final Map<Schema, Framing> framings = new ConcurrentHashMap<>();

    private record Framing(byte[] header, Optional<AvroBinaryWriter> writer) {
        static Framing of(Schema schema) {
            byte[] header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                    .put(MARKER_0).put(MARKER_1).putLong(SchemaCatalog.fingerprint(schema)).array();
            return new Framing(header, AvroBinaryWriter.forSchema(schema));
        }
    }
    private final Map<Class<?>, BinaryMessageDecoder<?>> decoders = new ConcurrentHashMap<>();
    private final Map<Long, GenericDatumReader<GenericRecord>> genericReaders = new ConcurrentHashMap<>();

    /** Resolves writer schemas against {@link SchemaCatalog#standard()}. */
    public SingleObjectCodec() {
        this(SchemaCatalog.standard());
    }

    public SingleObjectCodec(SchemaCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public SchemaCatalog catalog() {
        return catalog;
    }

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
        Schema schema = record.getSchema();
        Framing framing = framings.computeIfAbsent(schema, Framing::of);
        try {
            if (framing.writer().isPresent()) {
                return framing.writer().get().write(framing.header(), record);
            }
            // Without a copy: the buffer returned is the encoder's per-thread one, copied out once just below.
            BinaryMessageEncoder<SpecificRecord> encoder = encoders.computeIfAbsent(schema,
                    s -> new BinaryMessageEncoder<>(SpecificData.getForSchema(s), s, false));
            ByteBuffer buffer = encoder.encode(record);
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot encode " + schema.getFullName() + " for " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> T decode(String topic, byte[] bytes, Class<T> type) {
        Schema reader = SpecificData.get().getSchema(type);
        Schema writer = writerSchema(topic, bytes);
        if (!writer.getFullName().equals(reader.getFullName())) {
            throw new CodecException("cannot decode " + type.getSimpleName() + " from " + topic + ": the record is a "
                    + writer.getFullName() + " (fingerprint " + SchemaCatalog.fingerprintHex(writer) + ")");
        }
        BinaryMessageDecoder<T> decoder = (BinaryMessageDecoder<T>) decoders.computeIfAbsent(type,
                t -> new BinaryMessageDecoder<T>(SpecificData.getForSchema(reader), reader, catalog.schemaStore()));
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot decode " + type.getSimpleName() + " from " + topic
                    + ": truncated or corrupt Avro body (" + e + ")", e);
        }
    }

    @Override
    public GenericRecord decodeGeneric(String topic, byte[] bytes) {
        Schema writer = writerSchema(topic, bytes);
        GenericDatumReader<GenericRecord> reader = genericReaders.computeIfAbsent(SchemaCatalog.fingerprint(writer),
                fp -> new GenericDatumReader<>(writer, writer, GenericData.get()));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        try {
            GenericRecord record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new CodecException("cannot decode " + writer.getName() + " from " + topic
                        + ": unexpected bytes after the Avro body");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CodecException ce) {
                throw ce;
            }
            throw new CodecException("cannot decode " + writer.getName() + " from " + topic
                    + ": truncated or corrupt Avro body (" + e + ")", e);
        }
    }

    /** The writer schema named by the header, with a clear error for anything that is not ours. */
    private Schema writerSchema(String topic, byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new CodecException("not Avro single-object encoding on " + topic + ": "
                    + (bytes == null ? "null value" : bytes.length + " bytes, the header alone is " + HEADER_LENGTH));
        }
        if (bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new CodecException(String.format("not Avro single-object encoding on %s: starts with %02X %02X,"
                    + " expected C3 01%s", topic, bytes[0], bytes[1],
                    bytes[0] == 0 ? " (looks like Confluent framing: use the confluent codec)" : ""));
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return catalog.findByFingerprint(fingerprint).orElseThrow(() -> new CodecException("unknown writer schema"
                + " fingerprint " + SchemaCatalog.hex(fingerprint) + " on " + topic + ": not a schema of this"
                + " pbx-bridge-schemas version; look it up in the pbx.schemas topic or upgrade this artifact"));
    }
}
