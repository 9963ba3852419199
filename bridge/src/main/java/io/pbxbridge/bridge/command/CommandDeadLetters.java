package io.pbxbridge.bridge.command;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Dead letters for command records that cannot be decoded: the bytes kept whole, with where they came from. */
final class CommandDeadLetters {
    private CommandDeadLetters() {
    }

    /**
     * @param key        the record key (the PBX id when the producer keyed correctly); may be null
     * @param raw        the record value as received; may be null (tombstone)
     * @param location   {@code topic/partition/offset}
     */
    static NormalizedRecord of(String key, byte[] raw, String location, String reason, BridgeInfo bridge,
                               Instant receivedAt) {
        byte[] body = raw == null ? new byte[0] : raw;
        DeadLetter value = DeadLetter.newBuilder()
                .setSource(DeadLetterSource.COMMAND)
                .setSourceDetail(location)
                .setPbxId(key)
                .setVendor(Vendor.UNKNOWN)
                .setReason(reason)
                .setRaw(ByteBuffer.wrap(body.clone()))
                .setReceivedAt(receivedAt)
                .setBridgeVersion(bridge.version())
                .build();
        // Deterministic per position: a redelivered record yields the same id.
        String eventId = EventIds.of(key == null ? "" : key, location.getBytes(StandardCharsets.UTF_8), -1);
        return new NormalizedRecord(BridgeTopic.DLQ, key, value, eventId, CeTypes.deadLetter(), receivedAt);
    }
}
