package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.testing.Frames;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.ExtensionState;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.TrunkState;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UcmReportNormalizerTest {
    private final PbxConfig pbx = TestPbx.config(1, "x", Map.of("model", "FCM630A"));
    private final UcmReportNormalizer normalizer = new UcmReportNormalizer(pbx, TestPbx.BRIDGE);

    @Test
    void extensionStatusFrameAsListOrSingleObject() throws Exception {
        for (boolean asList : new boolean[]{true, false}) {
            String frame = Frames.notify("ExtensionStatus", asList,
                    new JsonObject().put("extension", "1001").put("status", "Idle"),
                    new JsonObject().put("extension", "1002").put("status", "InUse"),
                    new JsonObject().put("extension", "1003").put("status", "Unavailable"),
                    new JsonObject().put("extension", "1004").put("status", "Ringing"),
                    new JsonObject().put("extension", "1005").put("status", "Busy-ish"));
            List<NormalizedRecord> records = normalizer.normalize(TestPbx.report(frame, IngressChannel.WEBSOCKET));

            assertThat(records).hasSize(5).allMatch(r -> r.topic() == BridgeTopic.EXTENSION_STATUS);
            assertThat(records).extracting(r -> ((ExtensionStatus) r.value()).getStatus()).containsExactly(
                    ExtensionState.IDLE, ExtensionState.BUSY, ExtensionState.UNAVAILABLE, ExtensionState.RINGING,
                    ExtensionState.UNKNOWN);
            ExtensionStatus unknown = (ExtensionStatus) records.get(4).value();
            assertThat(unknown.getStatusRaw()).isEqualTo("Busy-ish");
            assertThat(records.get(0).key()).isEqualTo("ucm-1/1001");
            var header = ((ExtensionStatus) records.get(0).value()).getHeader();
            assertThat(header.getVendor()).isEqualTo(Vendor.GRANDSTREAM_UCM);
            assertThat(header.getPbxModel()).isEqualTo("FCM630A");
            assertThat(header.getReportFormat()).isEqualTo("ucm-ws");
            assertThat(header.getIngress()).isEqualTo(IngressChannel.WEBSOCKET);
            assertThat(header.getRawPayload()).isEqualTo(frame);
        }
    }

    @Test
    void sameFrameGivesSameEventIdsAndIndexesDiffer() throws Exception {
        String frame = Frames.notify("ExtensionStatus", true,
                new JsonObject().put("extension", "1001").put("status", "Idle"),
                new JsonObject().put("extension", "1002").put("status", "Idle"));
        List<NormalizedRecord> a = normalizer.normalize(TestPbx.report(frame, IngressChannel.WEBSOCKET));
        List<NormalizedRecord> b = normalizer.normalize(TestPbx.report(frame, IngressChannel.WEBSOCKET));
        assertThat(a).extracting(NormalizedRecord::eventId).containsExactlyElementsOf(b.stream().map(NormalizedRecord::eventId).toList());
        assertThat(a.get(0).eventId()).isNotEqualTo(a.get(1).eventId());
    }

    @Test
    void aPushedActiveCallStatusFrameRunsThroughTheLivePipelineAsAStreamOfOne() throws Exception {
        String frame = Frames.notify("ActiveCallStatus", true, Frames.trunkRinging("add"),
                Frames.extRinging(Frames.EXT, "1001", "add"), Frames.bridge(Frames.TRUNK, Frames.EXT, "add"),
                Frames.delete(Frames.EXT));
        List<NormalizedRecord> records = normalizer.normalize(TestPbx.report(frame, IngressChannel.HTTP_REPORT));

        // The delete of one leg of a call that goes on is no step; everything is keyed by the linkedid.
        assertThat(records).extracting(r -> ((CallEvent) r.value()).getType()).containsExactly(
                CallEventType.INBOUND_REQUEST, CallEventType.RINGING, CallEventType.ANSWERED);
        assertThat(records).extracting(NormalizedRecord::key).containsOnly("ucm-1/" + Frames.LINKED);
        CallEvent request = (CallEvent) records.get(0).value();
        assertThat(request.getParties().get(0).getLegRef()).isEqualTo(Frames.TRUNK);
        assertThat(request.getTypeRaw()).isEqualTo("ActiveCallStatus/add");
        assertThat(request.getHeader().getIngress()).isEqualTo(IngressChannel.HTTP_REPORT);
        assertThat(request.getHeader().getPbxModel()).isEqualTo("FCM630A");
        // A re-sent push gets the same ids.
        assertThat(normalizer.normalize(TestPbx.report(frame, IngressChannel.HTTP_REPORT)))
                .extracting(NormalizedRecord::eventId).containsExactlyElementsOf(records.stream().map(NormalizedRecord::eventId).toList());
    }

    @Test
    void aPushThatYieldsNoStepOnItsOwnIsKeptRawNotDropped() throws Exception {
        String frame = Frames.notify("ActiveCallStatus", true, Frames.delete(Frames.EXT));
        List<NormalizedRecord> records = normalizer.normalize(TestPbx.report(frame, IngressChannel.HTTP_REPORT));

        assertThat(records).singleElement().satisfies(r -> {
            PbxEvent event = (PbxEvent) r.value();
            assertThat(event.getType()).isEqualTo(PbxEventType.UNMODELLED_REPORT);
            assertThat(event.getReason()).contains("channel state");
            assertThat(event.getHeader().getRawPayload()).isEqualTo(frame);
        });
    }

    /** Issue 10 item 5 and issue 11 item 5: each of these was answered 200 with nothing published, or published. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("inputsThatAreNotReports")
    void inputsTheDocumentsDoNotAllowAreMalformedWithTheReason(String name, String body, String reason) {
        assertThatThrownBy(() -> normalizer.normalize(TestPbx.report(body, IngressChannel.HTTP_REPORT)))
                .isInstanceOf(MalformedReportException.class).hasMessageContaining(reason);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> inputsThatAreNotReports() {
        return java.util.stream.Stream.of(
                args("JSON array", "[1,2]", "a JSON array, not a JSON object"),
                args("empty JSON array", "[]", "a JSON array, not a JSON object"),
                args("JSON string", "\"" + "x".repeat(1000) + "\"", "a JSON string, not a JSON object"),
                args("JSON number", "12", "a JSON number, not a JSON object"),
                args("JSON null", "null", "null, not a JSON object"),
                args("not JSON", "not json", "not JSON"),
                args("eventbody a string", notify("ActiveCallStatus", "\"x\""), "eventbody is a JSON string"),
                args("eventbody [1,2]", notify("ExtensionStatus", "[1,2]"), "eventbody[0] is a JSON number"),
                args("eventbody []", notify("ExtensionStatus", "[]"), "eventbody is an empty list"),
                args("ExtensionStatus eventbody null", notify("ExtensionStatus", "null"), "eventbody is null"),
                args("ExtensionStatus without extension", notify("ExtensionStatus", "[{\"status\":\"Idle\"}]"),
                        "names no extension"),
                args("TrunkStatus without trunk", notify("TrunkStatus", "[{\"status\":\"Idle\"}]"), "names no trunk"),
                args("a blank channel", notify("ActiveCallStatus", "[{\"action\":\"delete\",\"channel\":\" \"}]"),
                        "names no channel"),
                args("a bridge with one channel", notify("ActiveCallStatus", "[{\"channel1\":\"PJSIP/1-1\"}]"),
                        "without both channel1 and channel2"),
                args("message with a number", "{\"message\":[5]}", "message[0] is a JSON number"),
                args("cdr_root empty", "{\"cdr_root\":[]}", "cdr_root is an empty list"),
                args("cdr_root not a list", "{\"cdr_root\":{\"AcctId\":\"1\"}}", "cdr_root is not a list"),
                args("cdr_root with a number", "{\"cdr_root\":[1]}", "cdr_root[0] is not an object"),
                args("cdr_root row without ids", "{\"cdr_root\":[{\"src\":\"1001\"}]}", "CDR without AcctId"));
    }

    private static org.junit.jupiter.params.provider.Arguments args(String name, String body, String reason) {
        return org.junit.jupiter.params.provider.Arguments.of(name, body, reason);
    }

    private static String notify(String eventName, String body) {
        return "{\"message\":[{\"action\":\"notify\",\"eventname\":\"" + eventName + "\",\"eventbody\":" + body + "}]}";
    }

    @Test
    void trunkStatusPbxStatusAndUnknownEventNames() throws Exception {
        String frame = new JsonObject().put("message", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("action", "notify").put("eventname", "TrunkStatus").put("eventbody",
                        new io.vertx.core.json.JsonArray().add(new JsonObject().put("trunk_name", "SIPTrunk1").put("status", "Unreachable"))))
                .add(new JsonObject().put("action", "notify").put("eventname", "PbxStatus").put("eventbody",
                        new JsonObject().put("status", "reboot")))
                .add(new JsonObject().put("action", "notify").put("eventname", "VoiceMailStatus").put("eventbody",
                        new io.vertx.core.json.JsonArray().add(new JsonObject().put("extension", "1001").put("newmsg", 2))))).encode();
        List<NormalizedRecord> records = normalizer.normalize(TestPbx.report(frame, IngressChannel.WEBSOCKET));

        assertThat(records).hasSize(3);
        TrunkStatus trunk = (TrunkStatus) records.get(0).value();
        assertThat(trunk.getTrunk()).isEqualTo("SIPTrunk1");
        assertThat(trunk.getStatus()).isEqualTo(TrunkState.UNREACHABLE);
        PbxEvent pbxStatus = (PbxEvent) records.get(1).value();
        assertThat(pbxStatus.getTypeRaw()).isEqualTo("PbxStatus");
        assertThat(pbxStatus.getAttributes()).containsEntry("status", "reboot");
        PbxEvent unknown = (PbxEvent) records.get(2).value();
        assertThat(unknown.getType()).isEqualTo(PbxEventType.UNMODELLED_REPORT);
        assertThat(unknown.getTypeRaw()).isEqualTo("VoiceMailStatus");
        assertThat(unknown.getHeader().getRawPayload()).isEqualTo(frame);
    }

    @Test
    void pushedCdrBecomesACallRecordWithAStableId() throws Exception {
        String body = new JsonObject().put("cdr_root", new io.vertx.core.json.JsonArray().add(cdr())).encode();
        NormalizedRecord first = normalizer.normalize(TestPbx.report(body, IngressChannel.HTTP_REPORT)).get(0);
        NormalizedRecord again = normalizer.normalize(TestPbx.report(cdr().encode(), IngressChannel.HTTP_REPORT)).get(0);

        CallRecord record = (CallRecord) first.value();
        assertThat(first.topic()).isEqualTo(BridgeTopic.CDR);
        assertThat(record.getCallId()).isEqualTo("1574857028.56");
        assertThat(record.getCdrId()).isEqualTo("1");
        assertThat(record.getCaller()).isEqualTo("1004");
        assertThat(record.getCallee()).isEqualTo("8005");
        assertThat(record.getCallSeconds()).isEqualTo(6);
        assertThat(record.getTalkSeconds()).isEqualTo(1);
        assertThat(record.getDisposition()).isEqualTo(CallDisposition.ANSWERED);
        assertThat(record.getDirection()).isEqualTo(CallDirection.INTERNAL);
        assertThat(record.getStartedAt()).isEqualTo(Instant.parse("2019-11-27T07:17:08Z"));
        assertThat(record.getStartedAtRaw()).isEqualTo("2019-11-27 07:17:08");
        assertThat(record.getAttributes()).containsEntry("channel", "PJSIP/1004-00000010").containsEntry("lastapp", "Dial");
        assertThat(again.eventId()).isEqualTo(first.eventId());
    }

    @Test
    void unknownJsonIsKeptRawAndNonJsonIsMalformed() throws Exception {
        List<NormalizedRecord> records = normalizer.normalize(TestPbx.report("{\"action\":\"something\",\"x\":1}", IngressChannel.HTTP_REPORT));
        PbxEvent event = (PbxEvent) records.get(0).value();
        assertThat(event.getType()).isEqualTo(PbxEventType.UNMODELLED_REPORT);
        assertThat(event.getTypeRaw()).isEqualTo("something");
        assertThat(event.getHeader().getRawPayload()).isEqualTo("{\"action\":\"something\",\"x\":1}");

        assertThatThrownBy(() -> normalizer.normalize(TestPbx.report("not json", IngressChannel.HTTP_REPORT)))
                .isInstanceOf(MalformedReportException.class).hasMessageContaining("not JSON");
    }

    static JsonObject cdr() {
        return new JsonObject("""
                {"AcctId":"1","accountcode":"","action_owner":"1004","action_type":"PAGE[8005]","amaflags":"DOCUMENTATION",
                 "answer":"2019-11-27 07:17:13","billsec":"1","caller_name":"1004","cdr":"1574857028274003-1004","chanext":"",
                 "channel":"PJSIP/1004-00000010","channel_ext":"1004","clid":"\\"1004\\" <1004>","dcontext":"pagegroups",
                 "disposition":"ANSWERED","dst":"8005","dst_trunk_name":"","dstanswer":"8005","dstchanext":"",
                 "dstchannel":"MulticastRTP/0x47e2650c","dstchannel_ext":"0x47e2650c","duration":"6","end":"2019-11-27 07:17:14",
                 "lastapp":"Dial","lastdata":"MulticastRTP/basic/224.0.1.2:8080,10,zA()","recordfiles":"","service":"p",
                 "session":"1574857028274003-1004","src":"1004","src_trunk_name":"","start":"2019-11-27 07:17:08",
                 "uniqueid":"1574857028.56","userfield":"Internal"}""");
    }
}
