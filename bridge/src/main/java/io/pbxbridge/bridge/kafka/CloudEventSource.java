package io.pbxbridge.bridge.kafka;

import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The {@code ce_source} of a record: {@code /pbx/<pbxId>} taken from the record's {@code header.pbx_id}
 * or top-level {@code pbx_id}; {@code /bridge} for records about no PBX (e.g. a dead letter of
 * unknown origin).
 */
final class CloudEventSource {
    static final String BRIDGE = "/bridge";

    private CloudEventSource() {
    }

    static String of(SpecificRecord record) {
        Schema schema = record.getSchema();
        Schema.Field header = schema.getField("header");
        if (header != null && record.get(header.pos()) instanceof EventHeader eventHeader) {
            return CloudEventHeaders.sourceForPbx(eventHeader.getPbxId());
        }
        Schema.Field pbxId = schema.getField("pbx_id");
        if (pbxId != null && record.get(pbxId.pos()) != null) {
            return CloudEventHeaders.sourceForPbx(record.get(pbxId.pos()).toString());
        }
        return BRIDGE;
    }
}
