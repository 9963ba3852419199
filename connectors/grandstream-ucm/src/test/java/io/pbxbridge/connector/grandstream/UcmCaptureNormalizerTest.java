package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.events.UcmStreamNormalizer;
import io.pbxbridge.connector.grandstream.testing.DocFrames;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.grandstream.ws.UcmChannelSnapshot;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CapturedInput;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pbxbridge.connector.grandstream.testing.DocFrames.CALLEE_1000;
import static io.pbxbridge.connector.grandstream.testing.DocFrames.CALLEE_UNIQUEID;
import static io.pbxbridge.connector.grandstream.testing.DocFrames.CALLER_1001;
import static io.pbxbridge.connector.grandstream.testing.DocFrames.INTERNAL_CALL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture's inputs through {@link UcmCaptureNormalizer} give what the live session published for them: the
 * session's stream id in every event id, the model it learnt, its resyncs and its CDR polls. Frames, listings,
 * API answers and CDR rows are written from the vendor documents ({@link DocFrames}, seed 004 Tables 26, 27,
 * 70 and getSystemGeneralStatus), not from the simulator.
 */
class UcmCaptureNormalizerTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final PbxConfig PBX = TestPbx.config(1, "pw", Map.of("call_control", "false"));

    private static CapturedInput input(String kind, String detail, int second, String body) {
        return new CapturedInput(kind, detail, T0.plusSeconds(second), body.getBytes(StandardCharsets.UTF_8));
    }

    private static CapturedInput session(String streamId) {
        return new CapturedInput(CaptureKinds.SESSION, null, T0, CaptureKinds.sessionBody(streamId));
    }

    private static List<NormalizedRecord> replay(UcmCaptureNormalizer n, List<CapturedInput> inputs) {
        List<NormalizedRecord> out = new ArrayList<>();
        inputs.forEach(in -> out.addAll(n.replay(in)));
        return out;
    }

    /** seed 004 getSystemGeneralStatus: {@code product-model} "UCM6304 V1.5A" style (model, hardware revision). */
    private static String generalStatus(String productModel) {
        return new JsonObject().put("response", new JsonObject().put("base-version", "1.0.20.13")
                .put("product-model", productModel).put("prog-version", "1.0.20.13")).put("status", 0).encode();
    }

    @Test
    void framesOfARecordedSessionGetTheEventIdsOfThatSessionsStream() throws Exception {
        UcmCaptureNormalizer replay = new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE);
        List<CapturedInput> inputs = new ArrayList<>(List.of(session("2026-11-26T09:59:58Z/5f3a")));
        List<String> frames = DocFrames.internalCall();
        for (int i = 0; i < frames.size(); i++) {
            inputs.add(input(CaptureKinds.WS, null, i, frames.get(i)));
        }
        List<NormalizedRecord> replayed = replay(replay, inputs);

        UcmStreamNormalizer live = new UcmStreamNormalizer(PBX.id(), TestPbx.BRIDGE, false, PBX.timeZone(),
                IngressChannel.WEBSOCKET, "2026-11-26T09:59:58Z/5f3a");
        List<NormalizedRecord> published = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            published.addAll(live.frame(frames.get(i).getBytes(StandardCharsets.UTF_8), T0.plusSeconds(i), null));
        }
        assertThat(replayed).extracting(NormalizedRecord::eventId)
                .containsExactlyElementsOf(published.stream().map(NormalizedRecord::eventId).toList());
        assertThat(replayed).extracting(NormalizedRecord::value).containsExactlyElementsOf(
                published.stream().map(NormalizedRecord::value).toList());
        assertThat(replayed).extracting(r -> ((CallEvent) r.value()).getType()).containsExactly(CallEventType.RINGING,
                CallEventType.ANSWERED, CallEventType.UPDATED, CallEventType.ENDED);
    }

    @Test
    void aNewSessionStartsAFreshTrackerAndItsOwnStream() {
        CapturedInput ring = input(CaptureKinds.WS, null, 0, DocFrames.internalCall().get(0));
        CapturedInput hangUp = input(CaptureKinds.WS, null, 1, DocFrames.frame(DocFrames.delete(CALLER_1001)));

        List<NormalizedRecord> oneSession = replay(new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE),
                List.of(session("a"), ring, hangUp));
        // The bridge restarted between the two: the new session does not know the first one's channels.
        List<NormalizedRecord> twoSessions = replay(new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE),
                List.of(session("a"), ring, session("b"), hangUp));
        List<NormalizedRecord> otherStream = replay(new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE),
                List.of(session("b"), ring));

        assertThat(oneSession).extracting(r -> ((CallEvent) r.value()).getType())
                .containsExactly(CallEventType.RINGING, CallEventType.ENDED);
        assertThat(twoSessions).extracting(r -> ((CallEvent) r.value()).getType()).containsExactly(CallEventType.RINGING);
        assertThat(otherStream.get(0).eventId()).as("the same frame in another session's stream")
                .isNotEqualTo(oneSession.get(0).eventId());
        assertThat(otherStream.get(0).value()).isNotEqualTo(oneSession.get(0).value());
    }

    @Test
    void theModelIsWhatTheSessionLearntAfterLogin() {
        UcmCaptureNormalizer replay = new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE);
        List<String> frames = DocFrames.internalCall();
        List<NormalizedRecord> records = replay(replay, List.of(session("s"),
                input(CaptureKinds.API, "challenge", 0, "{\"response\":{\"challenge\":\"0000001652296527\"},\"status\":0}"),
                input(CaptureKinds.API, "login", 0, "{\"response\":{\"cookie\":\"******\"},\"status\":0}"),
                input(CaptureKinds.API, "getSystemGeneralStatus", 0, generalStatus("FCM630A V1.5A")),
                input(CaptureKinds.WS, null, 1, frames.get(0)),
                // a refused answer (-6: cookie error) leaves the model as it was
                input(CaptureKinds.API, "getSystemGeneralStatus", 2, "{\"status\":-6}"),
                input(CaptureKinds.WS, null, 3, frames.get(1)),
                input(CaptureKinds.WS, null, 3, frames.get(2)),
                session("t"),
                input(CaptureKinds.WS, null, 4, frames.get(0))));

        List<String> models = records.stream().map(r -> ((CallEvent) r.value()).getHeader().getPbxModel()).toList();
        assertThat(models).hasSizeGreaterThanOrEqualTo(3);
        assertThat(models.subList(0, models.size() - 1)).containsOnly("FCM630A");
        assertThat(models.get(models.size() - 1)).as("a new session has not asked yet").isNull();
    }

    @Test
    void aRecordedResyncIsTheSessionsResyncAgainstTheRecordedListings() {
        // seed 004 Table 26 (bridged: channel1 is the calling channel) and Table 27 (unbridged) rows, listAccount.
        JsonArray bridged = new JsonArray().add(new JsonObject().put("bridge_id", "7f12ed1a-f03d-4575-a4cb-f986f864c2a2")
                .put("bridge_time", "2019-11-25 09:43:19").put("callerid1", "1001").put("callerid2", "1000")
                .put("channel1", CALLER_1001).put("channel2", CALLEE_1000).put("inbound_trunk_name", "").put("name1", "1001")
                .put("name2", "").put("outbound_trunk_name", "").put("uniqueid1", INTERNAL_CALL).put("uniqueid2", CALLEE_UNIQUEID));
        JsonArray unbridged = new JsonArray().add(new JsonObject().put("alloc_time", "2019-11-25 09:44:02")
                .put("callerid", "1002").put("callername", "1002").put("callernum", "1002").put("channel", "PJSIP/1002-00000007")
                .put("connectednum", "s").put("linkedid", "1574693042.7").put("service", "macro-dial").put("state", "Ring")
                .put("uniqueid", "1574693042.7"));
        JsonArray accounts = new JsonArray().add(new JsonObject().put("extension", "1000").put("status", "Busy"))
                .add(new JsonObject().put("extension", "1002").put("status", "Idle"));
        UcmChannelSnapshot snapshot = new UcmChannelSnapshot(bridged, unbridged, accounts);

        UcmCaptureNormalizer replay = new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE);
        List<NormalizedRecord> replayed = replay(replay, List.of(session("s"),
                new CapturedInput(UcmCapture.RESYNC, null, T0, snapshot.toBytes())));
        UcmStreamNormalizer live = new UcmStreamNormalizer(PBX.id(), TestPbx.BRIDGE, false, PBX.timeZone(),
                IngressChannel.WEBSOCKET, "s");
        List<NormalizedRecord> published = live.resync(snapshot, T0, null);

        assertThat(replayed).isNotEmpty().extracting(NormalizedRecord::eventId)
                .containsExactlyElementsOf(published.stream().map(NormalizedRecord::eventId).toList());
        assertThat(replayed).extracting(NormalizedRecord::value)
                .containsExactlyElementsOf(published.stream().map(NormalizedRecord::value).toList());
        assertThat(replayed).extracting(NormalizedRecord::topic).contains(BridgeTopic.CALL_EVENTS, BridgeTopic.EXTENSION_STATUS);
    }

    @Test
    void aRecordedCdrPollPublishesItsNewRowsOnceInAcctIdOrderWithThePollsTime() {
        // As the live poller: a row without AcctId first (it moves no checkpoint), then the new rows in order.
        JsonObject poll = new JsonObject().put("after", 41).put("rows", new JsonArray()
                .add(cdr(43, "1574693300.43")).add(cdr(41, "1574693100.41")).add(cdr(42, "1574693200.42"))
                .add(cdr(43, "1574693300.43")).add(new JsonObject().put("uniqueid", "no-acctid")));
        UcmCaptureNormalizer replay = new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE);
        List<NormalizedRecord> records = replay(replay, List.of(session("s"),
                input(CaptureKinds.API, "getSystemGeneralStatus", 0, generalStatus("UCM6304 V1.2A")),
                input(UcmCapture.CDR_POLL, null, 30, poll.encode())));

        assertThat(records).extracting(r -> ((CallRecord) r.value()).getCdrId()).containsExactly(null, "42", "43");
        assertThat(records).extracting(r -> ((CallRecord) r.value()).getCallId())
                .containsExactly("no-acctid", "1574693200.42", "1574693300.43");
        assertThat(records).allSatisfy(r -> {
            CallRecord cdr = (CallRecord) r.value();
            assertThat(cdr.getHeader().getReceivedAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(cdr.getHeader().getIngress()).isEqualTo(IngressChannel.POLL);
            assertThat(cdr.getHeader().getPbxModel()).isEqualTo("UCM6304");
        });
    }

    @Test
    void aFrameTheSessionCouldNotReadIsItsDeadLetter() {
        UcmCaptureNormalizer replay = new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE);
        List<NormalizedRecord> records = replay(replay, List.of(session("s"),
                input(CaptureKinds.WS, null, 5, "[\"not\",\"an\",\"object\"]")));

        assertThat(records).hasSize(1).first().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(BridgeTopic.DLQ);
            DeadLetter dead = (DeadLetter) r.value();
            assertThat(dead.getSource()).isEqualTo(DeadLetterSource.WEBSOCKET);
            assertThat(dead.getSourceDetail()).isEqualTo("websocket");
            assertThat(dead.getReceivedAt()).isEqualTo(T0.plusSeconds(5));
        });
    }

    @Test
    void otherApiAnswersAndUnknownKindsPublishNothing() {
        UcmCaptureNormalizer replay = new UcmCaptureNormalizer(PBX, TestPbx.BRIDGE);
        assertThat(replay(replay, List.of(session("s"),
                input(CaptureKinds.API, "listAccount", 0, "{\"response\":{\"account\":[]},\"status\":0}"),
                input("other.kind", null, 0, "{}")))).isEmpty();
    }

    /** A cdrapi (format=json) row with the fields of seed 004 Table 70's example. */
    private static JsonObject cdr(int acctId, String uniqueid) {
        return new JsonObject().put("AcctId", Integer.toString(acctId)).put("accountcode", "").put("src", "1001")
                .put("dst", "1000").put("dcontext", "from-internal").put("clid", "\"1001\" <1001>")
                .put("channel", CALLER_1001).put("dstchannel", CALLEE_1000).put("lastapp", "Dial")
                .put("lastdata", "PJSIP/1000,60").put("start", "2019-11-25 09:43:12").put("answer", "2019-11-25 09:43:19")
                .put("end", "2019-11-25 09:44:01").put("duration", "49").put("billsec", "42").put("disposition", "ANSWERED")
                .put("amaflags", "DOCUMENTATION").put("uniqueid", uniqueid).put("userfield", "Internal")
                .put("channel_ext", "1001").put("dstchannel_ext", "1000").put("service", "s").put("caller_name", "1001")
                .put("recordfiles", "").put("dstanswer", "1000").put("session", "1574692996461000-1001")
                .put("src_trunk_name", "").put("dst_trunk_name", "");
    }
}
