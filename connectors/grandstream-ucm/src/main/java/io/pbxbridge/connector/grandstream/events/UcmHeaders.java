package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Vendor;

import java.time.Instant;

/** The header every UCM-derived record carries. */
public final class UcmHeaders {
    /** report_format of WebSocket notify frames (and pushed frames of the same shape). */
    public static final String WS_FORMAT = "ucm-ws";
    /** report_format of records built from the API listings after a reconnect. */
    public static final String RESYNC_FORMAT = "ucm-resync";
    public static final String CDR_FORMAT = "ucm-cdrapi";
    public static final String PUSH_FORMAT = "ucm-push";

    private UcmHeaders() {
    }

    public static EventHeader of(String pbxId, String model, BridgeInfo bridge, String eventId, Instant receivedAt,
                                 Instant occurredAt, String format, IngressChannel ingress, String raw) {
        // Without the Avro builder (its defaults cost more than the header): pbx_serial stays null; a field
        // added to EventHeader without a default of null must be set here.
        EventHeader header = new EventHeader();
        header.setEventId(eventId);
        header.setPbxId(pbxId);
        header.setVendor(Vendor.GRANDSTREAM_UCM);
        header.setPbxModel(model);
        header.setOccurredAt(occurredAt);
        header.setReceivedAt(receivedAt);
        header.setReportFormat(format);
        header.setIngress(ingress);
        header.setRawPayload(raw);
        header.setBridgeVersion(bridge.version());
        return header;
    }
}
