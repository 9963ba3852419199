package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.cdr.CdrNormalizer;
import io.pbxbridge.connector.grandstream.events.UcmFrame;
import io.pbxbridge.connector.grandstream.events.UcmHeaders;
import io.pbxbridge.connector.grandstream.events.UcmRecords;
import io.pbxbridge.connector.grandstream.events.UcmStreamNormalizer;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.connector.spi.StreamNormalizer;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.codec.DecodedUtf8;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * UCM reports that do not come over the session's WebSocket: (a) a body the UCM pushed to the login
 * {@code url} and the ingress received; (b) the inputs of the {@code normalize} command. What each
 * message becomes:
 * <ul>
 *   <li>a notify frame → the records of {@link UcmStreamNormalizer}, the live WebSocket pipeline;</li>
 *   <li>a CDR push ({@code cdr_root}: a non-empty list of CDR objects, or one object with
 *       {@code AcctId}/{@code main_cdr}) → CallRecords;</li>
 *   <li>any other JSON object → one PbxEvent UNMODELLED_REPORT carrying the body (the push format is
 *       not documented publicly, so nothing unknown is thrown away);</li>
 *   <li>anything that is not a JSON object, or a notify/CDR the documents' shapes do not allow →
 *       {@link MalformedReportException} (dead-letter topic, with the reason).</li>
 * </ul>
 * As the ingress's {@link ReportNormalizer} (stateless, the PBX may re-send a report) each push is
 * normalized as a stream of one frame, ids hashing the body: a push that yields no step on its own
 * (a {@code delete} names no call without the session's channel state) becomes an UNMODELLED_REPORT,
 * never nothing. {@link #stream} keeps one pipeline for a whole sequence, exactly as the live session.
 */
public final class UcmReportNormalizer implements ReportNormalizer {
    /** Names the stream of a {@code normalize} run in event ids (see {@link UcmStreamNormalizer}). */
    public static final String CLI_STREAM_ID = "normalize";

    private final CdrNormalizer cdr;
    private final UcmRecords records;
    private final String model;
    /** Gives the frame pipeline for a report: a fresh one per push, or the stream's one. */
    private final Function<RawReport, UcmStreamNormalizer> frames;
    private final boolean perReport;

    public UcmReportNormalizer(PbxConfig pbx, BridgeInfo bridge) {
        this(pbx, bridge, null);
    }

    private UcmReportNormalizer(PbxConfig pbx, BridgeInfo bridge, UcmStreamNormalizer stream) {
        this.cdr = new CdrNormalizer(pbx.id(), bridge, pbx.timeZone());
        this.records = new UcmRecords(pbx.id(), bridge, pbx.timeZone());
        // No session to ask for the model; an operator may name it in the options.
        this.model = pbx.options().given(UcmOptions.MODEL).filter(m -> !m.isBlank()).orElse(null);
        this.perReport = stream == null;
        boolean callControl = callControl(pbx); // read once, not per push
        this.frames = stream != null ? report -> stream
                : report -> UcmStreamNormalizer.forOneReport(pbx.id(), bridge, callControl, records,
                        report.channel() == null ? IngressChannel.HTTP_REPORT : report.channel());
    }

    /**
     * A sequence of WebSocket frames (and CDR pushes) through one live pipeline, in order: the
     * {@code normalize} command's path, giving what a session would publish for the same frames.
     */
    public static StreamNormalizer stream(PbxConfig pbx, BridgeInfo bridge) {
        UcmStreamNormalizer frames = new UcmStreamNormalizer(pbx.id(), bridge, callControl(pbx), pbx.timeZone(),
                IngressChannel.WEBSOCKET, CLI_STREAM_ID);
        return new UcmReportNormalizer(pbx, bridge, frames)::normalize;
    }

    private static boolean callControl(PbxConfig pbx) {
        return pbx.options().get(UcmOptions.CALL_CONTROL);
    }

    @Override
    public List<NormalizedRecord> normalize(RawReport report) throws MalformedReportException {
        UcmFrame frame = UcmFrame.parse(report.body());
        IngressChannel ingress = report.channel() == null ? IngressChannel.HTTP_REPORT : report.channel();
        if (frame.hasNotifications()) {
            List<NormalizedRecord> out = frames.apply(report).frame(frame, report.body(), report.receivedAt(), model);
            if (out.isEmpty() && perReport) {
                return List.of(unmodelled(report, ingress, "ActiveCallStatus",
                        "no call step from this push on its own (a delete or a bridge names no call without the "
                                + "session's channel state); kept raw"));
            }
            return out;
        }
        JsonObject object = frame.json();
        if (object.containsKey("cdr_root")) {
            return cdrPush(object.getValue("cdr_root"), report, ingress);
        }
        if (object.containsKey("AcctId") || object.containsKey("main_cdr")) {
            return List.of(cdrRecord(object, report, ingress));
        }
        if (!perReport) {
            return frames.apply(report).frame(frame, report.body(), report.receivedAt(), model);
        }
        Object name = object.getValue("eventname", object.getValue("action"));
        return List.of(unmodelled(report, ingress, name == null ? "push" : name.toString(), "UCM report not modelled; kept raw"));
    }

    private List<NormalizedRecord> cdrPush(Object root, RawReport report, IngressChannel ingress) throws MalformedReportException {
        if (!(root instanceof JsonArray rows) || rows.isEmpty()) {
            throw new MalformedReportException("UCM CDR push: cdr_root is "
                    + (root instanceof JsonArray ? "an empty list" : root == null ? "null" : "not a list")
                    + "; expected a non-empty list of CDR objects");
        }
        List<NormalizedRecord> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.getValue(i) instanceof JsonObject row)) {
                throw new MalformedReportException("UCM CDR push: cdr_root[" + i + "] is not an object");
            }
            out.add(cdrRecord(row, report, ingress));
        }
        return out;
    }

    private NormalizedRecord cdrRecord(JsonObject row, RawReport report, IngressChannel ingress) throws MalformedReportException {
        try {
            return cdr.normalize(row, report.receivedAt(), model, ingress);
        } catch (IllegalArgumentException e) {
            throw new MalformedReportException("UCM CDR push: " + e.getMessage(), e);
        }
    }

    private NormalizedRecord unmodelled(RawReport report, IngressChannel ingress, String typeRaw, String reason) {
        UcmRecords.Origin origin = new UcmRecords.Origin(report.body(), report.receivedAt(), model,
                UcmHeaders.PUSH_FORMAT, ingress, DecodedUtf8.decode(report.body()));
        return records.pbxEvent(PbxEventType.UNMODELLED_REPORT, typeRaw, reason, Map.of(), origin, 0);
    }
}
