package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.cdr.CdrNormalizer;
import io.pbxbridge.connector.grandstream.cdr.CdrPollRecords;
import io.pbxbridge.connector.grandstream.events.UcmStreamNormalizer;
import io.pbxbridge.connector.grandstream.session.UcmModel;
import io.pbxbridge.connector.grandstream.ws.UcmChannelSnapshot;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.StreamNormalizer;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CapturedInput;
import io.pbxbridge.schema.IngressChannel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code normalize} command's UCM pipeline. JSON Lines ({@link #next}) run through one live WebSocket
 * pipeline named {@value UcmReportNormalizer#CLI_STREAM_ID}. A capture's inputs ({@link #replay}) run through
 * what the session runs, with the session's state rebuilt from the capture:
 * <ul>
 *   <li>{@code session} → a new pipeline (fresh call tracker) named by the recorded stream id, model unknown,
 *       as a new session starts;</li>
 *   <li>{@code api getSystemGeneralStatus} → the model, as the session learns it after login;</li>
 *   <li>{@code ws} → the frame through the pipeline, or its dead letter ({@link UcmStreamNormalizer#frameOrDeadLetter});</li>
 *   <li>{@link UcmCapture#RESYNC} → the resync against the recorded listings;</li>
 *   <li>{@link UcmCapture#CDR_POLL} → the poll's new rows ({@link CdrPollRecords}, as the live poller) as CallRecords, with the
 *       poll's time;</li>
 *   <li>anything else (other API answers) → nothing, as in the session.</li>
 * </ul>
 */
public final class UcmCaptureNormalizer implements StreamNormalizer {
    private final PbxConfig pbx;
    private final BridgeInfo bridge;
    private final StreamNormalizer lines;
    private final CdrPollRecords cdrPolls;
    private UcmStreamNormalizer frames;
    private String model;

    public UcmCaptureNormalizer(PbxConfig pbx, BridgeInfo bridge) {
        this.pbx = pbx;
        this.bridge = bridge;
        this.lines = UcmReportNormalizer.stream(pbx, bridge);
        this.cdrPolls = new CdrPollRecords(pbx.id(), bridge, new CdrNormalizer(pbx.id(), bridge, pbx.timeZone()));
        // A capture made by hand may start without a session line; so does the JSON Lines path.
        this.model = pbx.options().given(UcmOptions.MODEL).filter(m -> !m.isBlank()).orElse(null);
    }

    @Override
    public List<NormalizedRecord> next(RawReport input) throws MalformedReportException {
        return lines.next(input);
    }

    @Override
    public List<NormalizedRecord> replay(CapturedInput input) {
        switch (input.kind()) {
            case CaptureKinds.SESSION -> {
                String streamId = CaptureKinds.streamIdOf(input.body());
                frames = pipeline(streamId == null ? UcmReportNormalizer.CLI_STREAM_ID : streamId);
                model = null;
                return List.of();
            }
            case CaptureKinds.API -> {
                if ("getSystemGeneralStatus".equals(input.detail())) {
                    learnModel(input.body());
                }
                return List.of();
            }
            case CaptureKinds.WS -> {
                return frames().frameOrDeadLetter(input.body(), input.receivedAt(), model, reason -> { });
            }
            case UcmCapture.RESYNC -> {
                return frames().resync(UcmChannelSnapshot.fromBytes(input.body()), input.receivedAt(), model);
            }
            case UcmCapture.CDR_POLL -> {
                return cdrPoll(input);
            }
            default -> {
                return List.of();
            }
        }
    }

    private UcmStreamNormalizer frames() {
        if (frames == null) {
            frames = pipeline(UcmReportNormalizer.CLI_STREAM_ID);
        }
        return frames;
    }

    private UcmStreamNormalizer pipeline(String streamId) {
        return new UcmStreamNormalizer(pbx.id(), bridge, pbx.options().get(UcmOptions.CALL_CONTROL), pbx.timeZone(),
                IngressChannel.WEBSOCKET, streamId);
    }

    /** As the session after login: a successful answer naming a model sets it; anything else leaves it. */
    private void learnModel(byte[] answer) {
        try {
            JsonObject body = new JsonObject(new String(answer, StandardCharsets.UTF_8));
            Object status = body.getValue("status");
            Object response = body.getValue("response");
            if (status != null && "0".equals(status.toString().trim()) && response instanceof JsonObject r) {
                String parsed = UcmModel.parse(r.getString("product-model"));
                if (parsed != null) {
                    model = parsed;
                }
            }
        } catch (RuntimeException ignored) {
            // the session leaves the model unknown too
        }
    }

    private List<NormalizedRecord> cdrPoll(CapturedInput input) {
        JsonObject poll = new JsonObject(new String(input.body(), StandardCharsets.UTF_8));
        Object after = poll.getValue("after");
        List<JsonObject> rows = new ArrayList<>();
        JsonArray all = poll.getJsonArray("rows", new JsonArray());
        for (Object o : all) {
            if (o instanceof JsonObject row) {
                rows.add(row);
            }
        }
        List<CdrPollRecords.Entry> entries = cdrPolls.of(rows, after instanceof Number n ? n.longValue() : null,
                input.receivedAt(), model);
        cdrPolls.published(entries); // a replay publishes what it returns, as the live poller once Kafka acknowledged
        return entries.stream().map(CdrPollRecords.Entry::record).toList();
    }
}
