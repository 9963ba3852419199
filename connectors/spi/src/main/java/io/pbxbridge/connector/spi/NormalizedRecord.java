package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.avro.specific.SpecificRecord;

import java.time.Instant;

/**
 * One record a connector wants published.
 *
 * @param topic   which bridge topic
 * @param key     the record key (see {@link io.pbxbridge.schema.topic.RecordKeys})
 * @param value   the Avro record
 * @param eventId deterministic id, also sent as the {@code ce_id} header
 * @param ceType  CloudEvents type, e.g. {@code io.pbxbridge.call.ringing}
 * @param time    event time for {@code ce_time} (PBX time when known, else receipt time)
 */
public record NormalizedRecord(BridgeTopic topic, String key, SpecificRecord value, String eventId,
                               String ceType, Instant time) {
}
