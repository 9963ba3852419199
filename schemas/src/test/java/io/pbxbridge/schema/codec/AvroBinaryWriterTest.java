package io.pbxbridge.schema.codec;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compiled writer writes exactly Avro's bytes: random records of every current schema (every field
 * null where it may be, or filled; empty and filled maps and arrays; strings with non-ASCII characters,
 * emoji and unpaired surrogates; extreme numbers and instants) encoded by {@link SingleObjectCodec} and by
 * Avro's own {@link BinaryMessageEncoder}.
 */
class AvroBinaryWriterTest {
    private static final int RECORDS_PER_SCHEMA = 400;

    static {
        TrustedContractClasses.install(); // records are made here before any codec would install it
    }
    private static final String[] ALPHABET = {"a", "Z", "0", " ", "\"", "\\", "é", "ß", "€", "中", "😀", "\u0000",
            "\n", "\ud800", "\udfff", "\u007f", "\u0080", "\u07ff", "\u0800", "\uffff"};

    static List<Schema> schemas() {
        return SchemaCatalog.CURRENT_TOP_LEVEL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void writesAvrosBytesForRandomRecords(Schema schema) throws Exception {
        assertThat(AvroBinaryWriter.forSchema(schema)).as("compiled writer for %s", schema.getName()).isPresent();
        SingleObjectCodec codec = new SingleObjectCodec();
        BinaryMessageEncoder<SpecificRecord> avro = new BinaryMessageEncoder<>(SpecificData.getForSchema(schema), schema);
        Random random = new Random(schema.getName().hashCode());
        for (int i = 0; i < RECORDS_PER_SCHEMA; i++) {
            SpecificRecord record = (SpecificRecord) randomValue(schema, random, i % 4 == 0);
            ByteBuffer expected = avro.encode(record);
            byte[] expectedBytes = new byte[expected.remaining()];
            expected.get(expectedBytes);
            assertThat(codec.encode("t", record)).as("record %d of %s: %s", i, schema.getName(), record)
                    .isEqualTo(expectedBytes);
        }
    }

    @Test
    void aNullInAFieldThatMayNotBeNullFailsAsWithAvro() {
        Schema schema = io.pbxbridge.schema.CallEvent.getClassSchema();
        SpecificRecord record = (SpecificRecord) randomValue(schema, new Random(1), false);
        record.put(schema.getField("call_id").pos(), null);
        assertThatThrownBy(() -> new SingleObjectCodec().encode("t", record)).isInstanceOf(CodecException.class)
                .hasMessageContaining("call_id");
    }

    @Test
    void aSchemaWithATypeItDoesNotCoverIsLeftToAvro() {
        Schema withDouble = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":"
                + "[{\"name\":\"d\",\"type\":\"double\"}]}");
        Schema withUnion = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"U\",\"fields\":"
                + "[{\"name\":\"u\",\"type\":[\"int\",\"string\"]}]}");
        assertThat(AvroBinaryWriter.forSchema(withDouble)).isEmpty();
        assertThat(AvroBinaryWriter.forSchema(withUnion)).isEmpty();
    }

    /** A random value of the schema; {@code sparse}: every nullable field null, every collection empty. */
    private static Object randomValue(Schema schema, Random random, boolean sparse) {
        return switch (schema.getType()) {
            case RECORD -> {
                SpecificRecord record = (SpecificRecord) SpecificData.getForSchema(schema).newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), randomValue(field.schema(), random, sparse));
                }
                yield record;
            }
            case UNION -> {
                Schema branch = schema.getTypes().get(sparse || random.nextInt(3) == 0 ? 0 : 1);
                yield branch.getType() == Schema.Type.NULL ? null : randomValue(branch, random, sparse);
            }
            case STRING -> randomString(random);
            case ENUM -> {
                Class<?> type = SpecificData.get().getClass(schema);
                Object[] constants = type.getEnumConstants();
                yield constants[random.nextInt(constants.length)];
            }
            case INT -> switch (random.nextInt(4)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                case 2 -> random.nextInt(200) - 100;
                default -> random.nextInt();
            };
            case LONG -> {
                long value = switch (random.nextInt(4)) {
                    case 0 -> random.nextBoolean() ? -1 : 0;
                    case 1 -> random.nextLong() >> random.nextInt(64);
                    default -> random.nextLong() % 100_000_000_000_000L;
                };
                yield schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? Instant.ofEpochMilli(value) : value;
            }
            case BOOLEAN -> random.nextBoolean();
            case BYTES -> {
                byte[] bytes = new byte[sparse ? 0 : random.nextInt(300)];
                random.nextBytes(bytes);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                if (bytes.length > 2 && random.nextBoolean()) {
                    buffer.position(1); // a buffer already partly read: only what remains is written
                }
                yield buffer;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                int n = sparse ? 0 : random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    items.add(randomValue(schema.getElementType(), random, false));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                int n = sparse ? 0 : random.nextInt(80) == 0 ? 200 : random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    entries.put(randomString(random) + i, randomValue(schema.getValueType(), random, false));
                }
                yield entries;
            }
            default -> throw new IllegalArgumentException("no random " + schema.getType());
        };
    }

    private static String randomString(Random random) {
        int length = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 64 + random.nextInt(400); // past one varint byte of length
            default -> random.nextInt(20);
        };
        boolean ascii = random.nextBoolean();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(ascii ? (char) ('a' + random.nextInt(26)) : ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        if (ascii && length > 0 && random.nextInt(3) == 0) {
            s.setCharAt(length - 1, 'é'); // ASCII up to its last char: a writer trying ASCII first must start over
        }
        return s.toString();
    }
}
