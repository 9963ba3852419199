package io.pbxbridge.schema.codec;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the Avro binary encoding of a record with a plan compiled once per schema: each field's writer is
 * chosen from its schema up front, where Avro's {@code SpecificDatumWriter} looks up logical-type
 * conversions and resolves union branches by name for every field of every record (a third of the
 * per-report CPU before). The bytes are exactly Avro's ({@code AvroBinaryWriterTest} compares them on
 * random records of every schema in the catalog).
 *
 * <p>Covers the types the bridge's schemas use — records, strings, enums, int, long, boolean, bytes,
 * {@code timestamp-millis}, unions of null and one type, arrays and maps. {@link #forSchema} is empty for
 * a schema using anything else, and the caller keeps Avro's own writer for it.
 */
final class AvroBinaryWriter {
    private static final Map<Schema, Optional<AvroBinaryWriter>> PLANS = new ConcurrentHashMap<>();
    /** A buffer that grew past this for one large record is not kept for the next. */
    private static final int KEPT_BUFFER_BYTES = 64 * 1024;
    private static final ThreadLocal<Output> BUFFERS = ThreadLocal.withInitial(() -> new Output(1024));

    private final Node root;

    private AvroBinaryWriter(Node root) {
        this.root = root;
    }

    /** The writer for records of {@code schema}; empty when the schema uses a type this writer does not cover. */
    static Optional<AvroBinaryWriter> forSchema(Schema schema) {
        return PLANS.computeIfAbsent(schema, s -> {
            try {
                return Optional.of(new AvroBinaryWriter(compile(s, new HashMap<>())));
            } catch (UnsupportedOperationException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * {@code prefix} followed by the record's Avro binary body, as a new array.
     *
     * @throws NullPointerException a field that may not be null is; {@link ClassCastException} a field holds
     *                              a value of the wrong type (both as Avro's writer would)
     */
    byte[] write(byte[] prefix, Object record) {
        Output out = BUFFERS.get();
        out.reset();
        out.writeFixed(prefix, 0, prefix.length);
        root.write(record, out);
        byte[] bytes = Arrays.copyOf(out.buf, out.pos);
        if (out.buf.length > KEPT_BUFFER_BYTES) {
            BUFFERS.remove();
        }
        return bytes;
    }

    // ---------------------------------------------------------------------------------------- the plan

    private interface Node {
        void write(Object datum, Output out);
    }

    private static Node compile(Schema schema, Map<Schema, RecordNode> records) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null && !(logical instanceof LogicalTypes.TimestampMillis && schema.getType() == Schema.Type.LONG)) {
            throw new UnsupportedOperationException("logical type " + logical.getName());
        }
        return switch (schema.getType()) {
            case RECORD -> record(schema, records);
            case STRING -> AvroBinaryWriter::writeString;
            case INT -> (datum, out) -> out.writeInt((Integer) datum);
            case LONG -> logical != null ? (datum, out) -> out.writeLong(datum instanceof Instant instant
                    ? instant.toEpochMilli() : (Long) datum) : (datum, out) -> out.writeLong((Long) datum);
            case BOOLEAN -> (datum, out) -> out.writeByte((Boolean) datum ? 1 : 0);
            case BYTES -> AvroBinaryWriter::writeBytes;
            case NULL -> (datum, out) -> {
                if (datum != null) {
                    throw new ClassCastException("not null: " + datum.getClass().getName());
                }
            };
            case ENUM -> (datum, out) -> out.writeInt(datum instanceof Enum<?> e ? e.ordinal()
                    : schema.getEnumOrdinal(((GenericEnumSymbol<?>) datum).toString()));
            case UNION -> union(schema, records);
            case ARRAY -> array(compile(schema.getElementType(), records));
            case MAP -> map(compile(schema.getValueType(), records));
            default -> throw new UnsupportedOperationException(schema.getType().getName());
        };
    }

    private static final class RecordNode implements Node {
        private Node[] fields;

        @Override
        public void write(Object datum, Output out) {
            IndexedRecord record = (IndexedRecord) datum;
            Node[] f = fields;
            for (int i = 0; i < f.length; i++) {
                f[i].write(record.get(i), out);
            }
        }
    }

    private static Node record(Schema schema, Map<Schema, RecordNode> records) {
        RecordNode known = records.get(schema);
        if (known != null) {
            return known; // a recursive type: the node being built
        }
        RecordNode node = new RecordNode();
        records.put(schema, node);
        List<Schema.Field> fields = schema.getFields();
        Node[] writers = new Node[fields.size()];
        for (Schema.Field field : fields) {
            Node value = compile(field.schema(), records);
            boolean mayBeNull = value instanceof Nullable || field.schema().getType() == Schema.Type.NULL;
            writers[field.pos()] = mayBeNull ? value : new NotNull(schema.getName() + "." + field.name(), value);
        }
        node.fields = writers;
        return node;
    }

    /** A field that may not be null: Avro's writer fails on null too. */
    private record NotNull(String field, Node value) implements Node {
        @Override
        public void write(Object datum, Output out) {
            if (datum == null) {
                throw new NullPointerException("null value for (non-nullable) " + field);
            }
            value.write(datum, out);
        }
    }

    /** A union of null and one other type: the branch index, then the value. */
    private record Nullable(int nullIndex, Node value) implements Node {
        @Override
        public void write(Object datum, Output out) {
            if (datum == null) {
                out.writeInt(nullIndex);
            } else {
                out.writeInt(1 - nullIndex);
                value.write(datum, out);
            }
        }
    }

    private static Node union(Schema schema, Map<Schema, RecordNode> records) {
        List<Schema> branches = schema.getTypes();
        if (branches.size() != 2 || (branches.get(0).getType() == Schema.Type.NULL) == (branches.get(1).getType() == Schema.Type.NULL)) {
            throw new UnsupportedOperationException("union other than [null, T]");
        }
        int nullIndex = branches.get(0).getType() == Schema.Type.NULL ? 0 : 1;
        return new Nullable(nullIndex, compile(branches.get(1 - nullIndex), records));
    }

    /** Arrays and maps: one block of all items, then the end marker (an empty one is the marker alone). */
    private static Node array(Node item) {
        return (datum, out) -> {
            Collection<?> items = (Collection<?>) datum;
            int size = items.size();
            if (size > 0) {
                out.writeLong(size);
                int written = 0;
                for (Object element : items) {
                    item.write(element, out);
                    written++;
                }
                if (written != size) {
                    throw new java.util.ConcurrentModificationException("array changed while being written");
                }
            }
            out.writeByte(0);
        };
    }

    private static Node map(Node value) {
        return (datum, out) -> {
            Map<?, ?> entries = (Map<?, ?>) datum;
            int size = entries.size();
            if (size > 0) {
                out.writeLong(size);
                int written = 0;
                for (Map.Entry<?, ?> e : entries.entrySet()) {
                    writeString(e.getKey().toString(), out);
                    value.write(e.getValue(), out);
                    written++;
                }
                if (written != size) {
                    throw new java.util.ConcurrentModificationException("map changed while being written");
                }
            }
            out.writeByte(0);
        };
    }

    /** {@code text} is {@code utf8} decoded, and the bytes are its exact encoding ({@link DecodedUtf8}). */
    static void remember(String text, byte[] utf8) {
        Output out = BUFFERS.get();
        out.knownText = text;
        out.knownUtf8 = utf8;
    }

    private static void writeString(Object datum, Output out) {
        if (datum == out.knownText && datum != null) { // the very String decoded from these bytes: copy them
            byte[] known = out.knownUtf8;
            out.writeInt(known.length);
            out.writeFixed(known, 0, known.length);
            return;
        }
        if (datum instanceof Utf8 utf8) {
            out.writeInt(utf8.getByteLength());
            out.writeFixed(utf8.getBytes(), 0, utf8.getByteLength());
            return;
        }
        // Avro writes String.getBytes(UTF_8) (an unpaired surrogate becomes '?'); so does this. (Writing ASCII
        // chars straight into the buffer saved the array but measured no faster: BENCHMARKS.md, round 8.)
        byte[] bytes = ((CharSequence) datum).toString().getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.writeFixed(bytes, 0, bytes.length);
    }

    private static void writeBytes(Object datum, Output out) {
        ByteBuffer bytes = ((ByteBuffer) datum).duplicate();
        int length = bytes.remaining();
        out.writeInt(length);
        out.ensure(length);
        bytes.get(out.buf, out.pos, length);
        out.pos += length;
    }

    // ---------------------------------------------------------------------------------------- the bytes

    /** A growable buffer with Avro's primitive encodings (zig-zag varints). */
    static final class Output {
        byte[] buf;
        int pos;
        /** The last text {@link DecodedUtf8} decoded on this thread, and its bytes. */
        String knownText;
        byte[] knownUtf8;

        Output(int capacity) {
            buf = new byte[capacity];
        }

        void reset() {
            pos = 0;
        }

        void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
        }

        void writeFixed(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buf, pos, length);
            pos += length;
        }

        void writeInt(int n) {
            ensure(5);
            int v = (n << 1) ^ (n >> 31);
            while ((v & ~0x7F) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void writeLong(long n) {
            ensure(10);
            long v = (n << 1) ^ (n >> 63);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }
    }
}
