package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.cdr.CdrNormalizer;
import io.pbxbridge.connector.grandstream.events.UcmHeaders;
import io.pbxbridge.connector.grandstream.events.UcmNotifyNormalizer;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stateless normalization of one UCM report: (a) a body the UCM pushed to the login {@code url} and
 * the ingress received, or (b) one WebSocket notify frame given to the CLI. Same mapping as the live
 * path, without the call tracker (see {@link UcmNotifyNormalizer#statelessTransitions}):
 * <ul>
 *   <li>a notify frame ({@code message} list or object with {@code eventname}) → call events,
 *       extension/trunk statuses, PbxEvents, exactly as on the WebSocket;</li>
 *   <li>a CDR push ({@code cdr_root} list, or one object with {@code AcctId}) → CallRecords;</li>
 *   <li>any other JSON → one PbxEvent UNMODELLED_REPORT carrying the body (the push format is not
 *       documented publicly, so nothing unknown is thrown away).</li>
 * </ul>
 * A body that is not JSON is a {@link MalformedReportException} (dead-letter topic).
 */
public final class UcmReportNormalizer implements ReportNormalizer {
    private final PbxConfig pbx;
    private final BridgeInfo bridge;
    private final UcmNotifyNormalizer notify;
    private final CdrNormalizer cdr;
    private final String model;

    public UcmReportNormalizer(PbxConfig pbx, BridgeInfo bridge) {
        this.pbx = pbx;
        this.bridge = bridge;
        this.notify = new UcmNotifyNormalizer(pbx.id(), bridge, pbx.options().get(UcmOptions.CALL_CONTROL));
        this.cdr = new CdrNormalizer(pbx.id(), bridge, pbx.timeZone());
        // The stateless path has no session to ask; an operator may name the model in the options.
        this.model = pbx.options().given(UcmOptions.MODEL).filter(m -> !m.isBlank()).orElse(null);
    }

    @Override
    public List<NormalizedRecord> normalize(RawReport report) throws MalformedReportException {
        String text = new String(report.body(), StandardCharsets.UTF_8);
        Object json;
        try {
            json = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw new MalformedReportException("UCM report is not JSON: " + e.getMessage(), e);
        }
        IngressChannel ingress = report.channel() == null ? IngressChannel.HTTP_REPORT : report.channel();
        if (json instanceof JsonObject object) {
            if (!UcmNotifyNormalizer.notifications(object).isEmpty()) {
                return notify.normalize(report.body(), report.receivedAt(), model, ingress, UcmHeaders.WS_FORMAT, null);
            }
            Object root = object.getValue("cdr_root");
            if (root instanceof JsonArray rows) {
                List<NormalizedRecord> out = new ArrayList<>();
                for (Object row : rows) {
                    if (row instanceof JsonObject r) {
                        out.add(cdrRecord(r, report, ingress));
                    }
                }
                return out.isEmpty() ? List.of(unmodelled(report, text, ingress, "cdr_root")) : out;
            }
            if (object.containsKey("AcctId") || object.containsKey("main_cdr")) {
                return List.of(cdrRecord(object, report, ingress));
            }
            String name = object.getString("eventname", object.getString("action", "push"));
            return List.of(unmodelled(report, text, ingress, name));
        }
        return List.of(unmodelled(report, text, ingress, "push"));
    }

    private NormalizedRecord cdrRecord(JsonObject row, RawReport report, IngressChannel ingress) throws MalformedReportException {
        try {
            return cdr.normalize(row, report.receivedAt(), model, ingress);
        } catch (IllegalArgumentException e) {
            throw new MalformedReportException("UCM CDR push: " + e.getMessage(), e);
        }
    }

    private NormalizedRecord unmodelled(RawReport report, String text, IngressChannel ingress, String typeRaw) {
        String eventId = EventIds.of(pbx.id(), report.body(), 0);
        PbxEvent event = PbxEvent.newBuilder()
                .setHeader(UcmHeaders.of(pbx.id(), model, bridge, eventId, report.receivedAt(), null, UcmHeaders.PUSH_FORMAT,
                        ingress, text))
                .setType(PbxEventType.UNMODELLED_REPORT)
                .setTypeRaw(typeRaw == null ? "push" : typeRaw)
                .setReason("UCM report not modelled; kept raw")
                .build();
        return new NormalizedRecord(BridgeTopic.SYSTEM, RecordKeys.pbx(pbx.id()), event, eventId,
                CeTypes.system(PbxEventType.UNMODELLED_REPORT), report.receivedAt());
    }
}
