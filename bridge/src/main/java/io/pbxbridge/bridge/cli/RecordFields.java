package io.pbxbridge.bridge.cli;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads the PBX id and the event type of any bridge record generically, so filters work for every
 * record type and for writer schemas newer than this artifact.
 */
final class RecordFields {
    /** Fields that say what kind of event a record is, by record type (CallEvent/PbxEvent, CommandResult, Command). */
    private static final String[] TYPE_FIELDS = {"type", "status", "action"};

    private RecordFields() {
    }

    /** {@code header.pbx_id}, else top-level {@code pbx_id}. */
    static Optional<String> pbxId(GenericRecord record) {
        if (has(record, "header") && record.get("header") instanceof GenericRecord header && has(header, "pbx_id")) {
            return Optional.ofNullable(header.get("pbx_id")).map(Object::toString);
        }
        return has(record, "pbx_id") ? Optional.ofNullable(record.get("pbx_id")).map(Object::toString) : Optional.empty();
    }

    /** The record's type, status or action enum symbol. */
    static Optional<String> type(GenericRecord record) {
        for (String field : TYPE_FIELDS) {
            Schema.Field f = record.getSchema().getField(field);
            if (f != null && f.schema().getType() == Schema.Type.ENUM && record.get(field) != null) {
                return Optional.of(record.get(field).toString());
            }
        }
        return Optional.empty();
    }

    /** {@code ringing}, {@code Session-Up}, {@code PBX_ERROR} → {@code RINGING}, {@code SESSION_UP}, {@code PBX_ERROR}. */
    static String normalizeType(String type) {
        return type.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static boolean has(GenericRecord record, String field) {
        return record.getSchema().getField(field) != null;
    }
}
