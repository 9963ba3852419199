package io.pbxbridge.schema.codec;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Avro's JSON encoding of records (unions as {@code {"type": value}}, timestamps as epoch millis,
 * bytes as ISO-8859-1 strings): what operator tooling prints and what the README examples use.
 * The output decodes back with Avro's {@code JsonDecoder} and the same schema.
 */
public final class AvroJson {

    static {
        TrustedContractClasses.install();
    }
    private AvroJson() {
    }

    /** One line of JSON. */
    public static String toJson(GenericContainer record) {
        return write(record, false).strip().replace("\n", " ");
    }

    /** Indented JSON, for documentation. */
    public static String toPrettyJson(GenericContainer record) {
        return write(record, true).strip();
    }

    /** Parses Avro JSON into a generated class. */
    public static <T extends SpecificRecord> T fromJson(String json, Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema, schema, SpecificData.getForSchema(schema));
        try {
            return reader.read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (IOException | RuntimeException e) {
            throw new CodecException("not Avro JSON of " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /** Parses Avro JSON with a schema into a generic datum. */
    public static Object fromJson(String json, Schema schema) {
        GenericDatumReader<Object> reader = new GenericDatumReader<>(schema, schema, GenericData.get());
        try {
            return reader.read(null, DecoderFactory.get().jsonDecoder(schema, json));
        } catch (IOException | RuntimeException e) {
            throw new CodecException("not Avro JSON of " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    private static String write(GenericContainer record, boolean pretty) {
        Schema schema = record.getSchema();
        // Generated classes carry their own model (with the Instant conversions); generic data has none.
        DatumWriter<Object> writer = record instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema))
                : new GenericDatumWriter<>(schema, GenericData.get());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out, pretty);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new CodecException("cannot render " + schema.getFullName() + " as JSON: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
