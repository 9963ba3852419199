package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds the dead-letter record for input the bridge could not process, keeping the input whole. */
public final class DeadLetters {
    /**
     * Index fed to {@link EventIds} for a dead letter, so its id differs from the ids the same
     * report's normalized records (indexes 0, 1, ...) would get once a fixed bridge can read it.
     */
    public static final int DEAD_LETTER_INDEX = -1;

    private DeadLetters() {
    }

    /**
     * @param report       the report as received
     * @param vendor       the vendor the report was meant for
     * @param reason       why it could not be processed (never a secret)
     * @param bridge       the bridge version stamped on the record
     * @param sourceDetail where exactly it came from (e.g. the ingress path without its secret); may be null
     * @return a record for {@link BridgeTopic#DLQ}, keyed by the PBX id (null key when the id is unknown)
     */
    public static NormalizedRecord forReport(RawReport report, Vendor vendor, String reason, BridgeInfo bridge,
                                             String sourceDetail) {
        byte[] body = report.body() == null ? new byte[0] : report.body();
        Instant receivedAt = report.receivedAt() == null ? Instant.now() : report.receivedAt();
        String pbxId = report.pbxId();
        DeadLetter value = DeadLetter.newBuilder()
                .setSource(sourceOf(report.channel()))
                .setSourceDetail(sourceDetail)
                .setPbxId(pbxId)
                .setVendor(vendor == null ? Vendor.UNKNOWN : vendor)
                .setReason(reason == null || reason.isBlank() ? "unspecified" : reason)
                .setRaw(ByteBuffer.wrap(body.clone()))
                .setReceivedAt(receivedAt)
                .setBridgeVersion(bridge.version())
                .build();
        String eventId = EventIds.of(pbxId == null ? "" : pbxId, body, DEAD_LETTER_INDEX);
        return new NormalizedRecord(BridgeTopic.DLQ, pbxId == null ? null : RecordKeys.pbx(pbxId), value, eventId,
                CeTypes.deadLetter(), receivedAt);
    }

    private static DeadLetterSource sourceOf(IngressChannel channel) {
        if (channel == null) {
            return DeadLetterSource.UNKNOWN;
        }
        return switch (channel) {
            case HTTP_REPORT -> DeadLetterSource.REPORT_INGRESS;
            case WEBSOCKET -> DeadLetterSource.WEBSOCKET;
            case POLL -> DeadLetterSource.CDR_POLL;
            default -> DeadLetterSource.UNKNOWN;
        };
    }
}
