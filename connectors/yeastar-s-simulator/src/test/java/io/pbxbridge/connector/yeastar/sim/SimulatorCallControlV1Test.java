package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pbxbridge.connector.yeastar.sim.SimTestSupport.await;
import static io.pbxbridge.connector.yeastar.sim.SimTestSupport.errno;
import static org.assertj.core.api.Assertions.assertThat;

/** v1.x command endpoints of spec §A.4 / seed 002: validation, state changes, responses, reports. */
class SimulatorCallControlV1Test extends SimulatorTestBase {
    private SimTestSupport.ApiClient c;

    @BeforeEach
    void start() {
        startSim(YeastarApiVersion.V1_1_0, b -> b.trunks(List.of(
                TrunkSpec.sip("SIP-142").withInboundControl(true, true),
                TrunkSpec.sip("SIP-plain"),
                TrunkSpec.gsm("GSM-trunk"))));
        c = loggedIn();
    }

    private JsonObject post(String endpoint, Object... kv) {
        JsonObject body = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            body.put((String) kv[i], kv[i + 1]);
        }
        return c.post(endpoint, body);
    }

    private String status(String ext) {
        for (Object o : c.post("extensionlist/query", null).getJsonArray("extlist")) {
            JsonObject e = (JsonObject) o;
            if (e.getString("extnumber").equals(ext)) {
                return e.getString("status");
            }
        }
        throw new AssertionError("no extension " + ext);
    }

    private String connectedCall(String caller, String callee) {
        String id = post("extension/dial_extension", "caller", caller, "callee", callee).getString("callid");
        receiver.awaitBody(b -> b.contains("\"action\":\"ANSWERED\"") && b.contains(id));
        return id;
    }

    @Test
    void dialExtensionValidatesAndCreatesACallThatEndsWithACdr() {
        assertThat(errno(post("extension/dial_extension", "caller", "1000"))).isEqualTo("10004");
        assertThat(errno(post("extension/dial_extension", "caller", " ", "callee", "1001"))).isEqualTo("10004");
        assertThat(errno(post("extension/dial_extension", "caller", "1000", "callee", "4711"))).isEqualTo("10006");
        String id = connectedCall("1000", "1001");
        assertThat(status("1000")).isEqualTo("Busy");
        assertThat(status("1001")).isEqualTo("Busy");
        assertThat(errno(post("extension/dial_extension", "caller", "1002", "callee", "1001"))).isEqualTo("10008");

        assertThat(post("extension/hangup", "extid", "1000").getString("status")).isEqualTo("Success");
        String cdr = receiver.awaitBody(b -> b.contains("NewCdr"));
        assertThat(new JsonObject(cdr).getString("callid")).isEqualTo(id);
        assertThat(receiver.bodiesOf(id).stream().map(SimTestSupport::name).toList())
                .containsExactly("RING", "ALERT", "ANSWER", "ANSWERED", "BYE", "NewCdr");
        assertThat(status("1000")).isEqualTo("Registered");
        assertThat(errno(post("extension/hangup", "extid", "1000"))).isEqualTo("10007");
        assertThat(errno(post("extension/hangup"))).isEqualTo("10004");
    }

    @Test
    void holdMuteAndMonitorNeedAConnectedCall() {
        assertThat(errno(post("extension/hold", "extid", "1003"))).isEqualTo("10007");
        assertThat(errno(post("extension/hold", "extid", "9999"))).isEqualTo("10006");
        assertThat(errno(post("extension/mute"))).isEqualTo("10004");
        connectedCall("1000", "1001");
        for (String op : List.of("hold", "unhold", "mute", "unmute")) {
            assertThat(post("extension/" + op, "extid", "1000").getString("status")).as(op).isEqualTo("Success");
        }
        assertThat(errno(post("extension/listen", "listener", "1005"))).isEqualTo("10004");
        assertThat(errno(post("extension/listen", "listener", "1005", "listenedext", "1003"))).isEqualTo("10007");
        assertThat(errno(post("extension/listen", "listener", "1001", "listenedext", "1000"))).isEqualTo("10008");
        assertThat(post("extension/listen", "listener", "1005", "listenedext", "1000").getString("status")).isEqualTo("Success");
        assertThat(status("1005")).isEqualTo("Busy");
        // one monitor at a time
        assertThat(errno(post("extension/whisper", "whisperer", "1006", "whisperedext", "1000"))).isEqualTo("10009");
        c.post("extension/update", new JsonObject().put("extid", "1007").put("monitormode", "listen"));
        assertThat(errno(post("extension/barge", "bargein", "1007", "bargedext", "1001"))).isEqualTo("10010");
        // hanging up the monitor leaves the call up
        assertThat(post("extension/hangup", "extid", "1005").getString("status")).isEqualTo("Success");
        assertThat(status("1005")).isEqualTo("Registered");
        assertThat(status("1000")).isEqualTo("Busy");
    }

    @Test
    void inboundAcceptWithinTheWindowRefuseAndTimeout() {
        String accepted = await(sim.startInboundCall("SIP-142", "0755123456", "1002"));
        receiver.awaitBody(b -> b.contains("\"action\":\"Invite\"") && b.contains(accepted));
        JsonArray inbound = post("inbound/query", "inboundid", accepted).getJsonArray("inbound");
        assertThat(inbound.getJsonObject(0).getString("status")).isEqualTo("Wait");
        assertThat(inbound.getJsonObject(0).getString("from")).isEqualTo("0755123456");
        clock.advance(Duration.ofSeconds(9));
        assertThat(post("inbound/accept", "inboundid", accepted).getString("status")).isEqualTo("Success");
        receiver.awaitBody(b -> b.contains("\"action\":\"ANSWERED\"") && b.contains(accepted));
        assertThat(receiver.bodiesOf(accepted).stream().map(SimTestSupport::name).toList())
                .startsWith("Invite", "Incoming", "RING", "ALERT", "ANSWER", "ANSWERED");

        String refused = await(sim.startInboundCall("SIP-142", "0755000000", "1003"));
        receiver.awaitBody(b -> b.contains("Invite") && b.contains(refused));
        assertThat(post("inbound/refuse", "inboundid", refused).getString("status")).isEqualTo("Success");
        assertThat(errno(post("inbound/query", "inboundid", refused))).isEqualTo("10007");
        assertThat(errno(post("inbound/accept", "inboundid", refused))).isEqualTo("10007");
        assertThat(status("1003")).isEqualTo("Registered");

        String late = await(sim.startInboundCall("SIP-142", "0755999999", "1004"));
        receiver.awaitBody(b -> b.contains("Invite") && b.contains(late));
        clock.advance(Duration.ofSeconds(10));
        assertThat(errno(post("inbound/refuse", "inboundid", late))).isEqualTo("10016");
        // after the window the PBX accepted the call by default
        receiver.awaitBody(b -> b.contains("\"action\":\"RING\"") && b.contains(late));
        assertThat(errno(post("inbound/accept", "inboundid", late))).isEqualTo("10016");
        assertThat(errno(post("inbound/accept"))).isEqualTo("10004");
        assertThat(receiver.bodiesOf(refused)).noneMatch(b -> b.contains("NewCdr"));
    }

    @Test
    void inboundTransfersValidateTargetsAndMoveTheCall() {
        String id = await(sim.startInboundCall("SIP-plain", "0755123456", "1002"));
        receiver.awaitBody(b -> b.contains("\"action\":\"ANSWERED\"") && b.contains(id));
        assertThat(errno(post("inbound/transfer_ivr", "inboundid", id, "ivrid", "6999"))).isEqualTo("10012");
        assertThat(errno(post("inbound/transfer_queue", "inboundid", id, "queueid", "6999"))).isEqualTo("10013");
        assertThat(errno(post("inbound/transfer_ringgroup", "inboundid", id, "ringgroupid", "6999"))).isEqualTo("10014");
        assertThat(errno(post("inbound/transfer_extension", "inboundid", id, "extid", "4711"))).isEqualTo("10006");
        assertThat(errno(post("inbound/transfer_extension", "inboundid", "1.2", "extid", "1003"))).isEqualTo("10007");
        assertThat(errno(post("inbound/transfer_extension", "inboundid", id))).isEqualTo("10004");

        JsonObject r = post("inbound/transfer_extension", "inboundid", id, "extid", "1005");
        assertThat(r.getString("callid")).isEqualTo(id);
        receiver.awaitBody(b -> b.contains("\"action\":\"ANSWER\"") && b.contains("1005"));
        assertThat(status("1002")).isEqualTo("Registered");
        assertThat(post("inbound/query", "inboundid", id).getJsonArray("inbound").getJsonObject(0)
                .getJsonArray("callee").getJsonObject(0).getString("extid")).isEqualTo("1005");
        // API transfers are not reported as Tranfer
        assertThat(receiver.names()).doesNotContain("Tranfer");

        assertThat(post("inbound/transfer_queue", "inboundid", id, "queueid", "6700").getString("callid")).isEqualTo(id);
        assertThat(post("inbound/transfer_ivr", "inboundid", id, "ivrid", "6500").getString("callid")).isEqualTo(id);
        assertThat(post("inbound/transfer_ringgroup", "inboundid", id, "ringgroupid", "6200").getString("callid")).isEqualTo(id);
        assertThat(post("inbound/transfer_outbound", "inboundid", id, "outto", "22003", "fromext", "1000")
                .getString("callid")).isEqualTo(id);
        assertThat(post("inbound/hangup", "inboundid", id).getString("status")).isEqualTo("Success");
        receiver.awaitBody(b -> b.contains("NewCdr") && b.contains(id));
        assertThat(errno(post("inbound/hangup", "inboundid", id))).isEqualTo("10007");
    }

    @Test
    void outboundCallsQueryTransferAndHangUp() {
        assertThat(errno(post("extension/dial_outbound", "extid", "1000"))).isEqualTo("10004");
        assertThat(errno(post("extension/dial_outbound", "extid", "4711", "outto", "41000"))).isEqualTo("10006");
        c.post("extension/update", new JsonObject().put("extid", "1009").put("outboundpermission", "no"));
        assertThat(errno(post("extension/dial_outbound", "extid", "1009", "outto", "41000"))).isEqualTo("10024");

        String id = post("extension/dial_outbound", "extid", "1000", "outto", "41000").getString("callid");
        receiver.awaitBody(b -> b.contains("\"action\":\"ANSWERED\"") && b.contains(id));
        JsonObject out = post("outbound/query").getJsonArray("outbound").getJsonObject(0);
        assertThat(out.getString("from")).isEqualTo("1000");
        assertThat(out.getString("to")).isEqualTo("41000");
        assertThat(out.getString("trunk")).isEqualTo("SIP-142");
        assertThat(out.getString("status")).isEqualTo("Talking");
        String outboundId = out.getString("outboundid");
        assertThat(outboundId).isNotEqualTo(id);
        String ring = receiver.awaitBody(b -> b.contains("\"action\":\"RING\"") && b.contains(id));
        assertThat(new JsonObject(ring).getJsonArray("call").getJsonObject(0).getJsonObject("outbound")
                .getString("outboundid")).isEqualTo(outboundId);

        assertThat(errno(post("outbound/transfer_ivr", "outboundid", outboundId, "ivrid", "1"))).isEqualTo("10012");
        assertThat(post("outbound/transfer_extension", "outboundid", outboundId, "extid", "1003").getString("callid"))
                .isEqualTo(id);
        receiver.awaitBody(b -> b.contains("\"action\":\"ANSWER\"") && b.contains("1003"));
        assertThat(status("1000")).isEqualTo("Registered");
        assertThat(post("outbound/transfer_outbound", "outboundid", outboundId, "outto", "22003", "fromext", "1000")
                .getString("callid")).isEqualTo(id);
        assertThat(post("outbound/transfer_ivr", "outboundid", outboundId, "ivrid", "6500").getString("callid")).isEqualTo(id);
        assertThat(post("outbound/hangup", "outboundid", outboundId).getString("status")).isEqualTo("Success");
        receiver.awaitBody(b -> b.contains("NewCdr") && b.contains(id));
        assertThat(errno(post("outbound/hangup", "outboundid", outboundId))).isEqualTo("10007");
        assertThat(errno(post("outbound/query", "outboundid", outboundId))).isEqualTo("10007");
    }

    @Test
    void dialsThroughIvrQueueRingGroupAndCallBack() {
        assertThat(errno(post("ivr/dial_extension", "ivrid", "6999", "extid", "1001"))).isEqualTo("10012");
        assertThat(errno(post("ivr/dial_outbound", "ivrid", "6500", "outto", "41000"))).isEqualTo("10004");
        assertThat(errno(post("queue/dial_outbound", "queueid", "6999", "outto", "41000", "fromext", "1000"))).isEqualTo("10013");
        assertThat(errno(post("ringgroup/dial_outbound", "ringgroupid", "6999", "outto", "41000", "fromext", "1000"))).isEqualTo("10014");
        assertThat(errno(post("outbound/dial_outbound", "caller", "1", "outto", "2", "fromext", "4711"))).isEqualTo("10006");

        String ivr = post("ivr/dial_extension", "ivrid", "6500", "extid", "1008").getString("callid");
        receiver.awaitBody(b -> b.contains("\"action\":\"ANSWER\"") && b.contains(ivr));
        String ivrOut = post("ivr/dial_outbound", "ivrid", "6500", "outto", "41000", "fromext", "1000").getString("callid");
        String queue = post("queue/dial_outbound", "queueid", "6700", "outto", "41001", "fromext", "1000").getString("callid");
        // the queue rings an agent once the external party answered
        receiver.awaitBody(b -> b.contains("\"action\":\"RING\"") && b.contains(queue) && b.contains("\"ext\""));
        String rg = post("ringgroup/dial_outbound", "ringgroupid", "6200", "outto", "41002", "fromext", "1000").getString("callid");
        String callback = post("outbound/dial_outbound", "caller", "0755000001", "outto", "0755000002", "fromext", "1000")
                .getString("callid");
        assertThat(List.of(ivr, ivrOut, queue, rg, callback)).doesNotHaveDuplicates().allMatch(s -> s.matches("\\d+\\.\\d+"));
        assertThat(post("outbound/query").getJsonArray("outbound").size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void promptsWakeUpCallsSmsAndConfiguration() {
        assertThat(errno(post("extension/playprompt", "extid", "1001", "prompt", "nosuchfile"))).isEqualTo("10023");
        String p = post("extension/playprompt", "extid", "1001", "prompt", "hello111+welcome", "autoanswer", "no")
                .getString("callid");
        String end = receiver.awaitBody(b -> b.contains("PlayPromptEnd") && b.contains(p));
        assertThat(new JsonObject(end).getString("prompt")).isEqualTo("hello111+welcome");
        String op = post("outbound/playprompt", "outto", "41000", "prompt", "appletest", "fromext", "1000").getString("callid");
        String outEnd = receiver.awaitBody(b -> b.contains("PlayPromptEnd") && b.contains(op));
        assertThat(outEnd).contains("{\"outbound\":{\"trunkname\":\"SIP-142\"}}");

        JsonArray wake = new JsonArray().add(new JsonObject().put("time", "06:45").put("type", "onetime")
                .put("repeats", "3").put("repeatinterval", "5"));
        assertThat(errno(post("wakeupcall/create", "extid", "4711", "wakeup", wake))).isEqualTo("10006");
        assertThat(errno(post("wakeupcall/create", "extid", "1001"))).isEqualTo("10004");
        assertThat(post("wakeupcall/create", "extid", "1001", "wakeup", wake).getString("status")).isEqualTo("Success");
        assertThat(errno(post("wakeupcall/create", "extid", "1001", "wakeup", wake))).isEqualTo("10022");
        assertThat(post("wakeupcall/query", "extid", "1001").getJsonArray("wakeup").getJsonObject(0).getString("time"))
                .isEqualTo("06:45");
        JsonArray changed = new JsonArray().add(new JsonObject().put("time", "06:45").put("type", "everyday"));
        assertThat(post("wakeupcall/update", "extid", "1001", "wakeup", changed).getString("status")).isEqualTo("Success");
        assertThat(post("wakeupcall/query", "extid", "1001").getJsonArray("wakeup").getJsonObject(0).getString("type"))
                .isEqualTo("everyday");
        JsonArray other = new JsonArray().add(new JsonObject().put("time", "07:00"));
        assertThat(errno(post("wakeupcall/update", "extid", "1001", "wakeup", other))).isEqualTo("10021");
        assertThat(post("wakeupcall/delete", "extid", "1001", "wakeup", changed).getString("status")).isEqualTo("Success");
        assertThat(post("wakeupcall/query", "extid", "1001").getJsonArray("wakeup")).isEmpty();

        JsonObject sms = post("sms/send", "trunk", "GSM-trunk", "phonenumber", "18396210850",
                "message", "%E4%BD%A0%E5%A5%BD%20world");
        assertThat(sms.getString("smsid")).startsWith("18396210850-");
        assertThat(sim.sentSms()).extracting(SentSms::message).containsExactly("你好 world");
        assertThat(errno(post("sms/send", "trunk", "GSM-trunk", "phonenumber", "1", "message", "你好"))).isEqualTo("10031");
        assertThat(errno(post("sms/send", "trunk", "SIP-142", "phonenumber", "1", "message", "hi"))).isEqualTo("10026");
        assertThat(errno(post("sms/send", "trunk", "GSM-trunk", "message", "hi"))).isEqualTo("10028");
        assertThat(errno(post("sms/send", "trunk", "GSM-trunk", "phonenumber", "1"))).isEqualTo("10030");

        assertThat(errno(post("extension/update", "extid", "4711", "username", "X"))).isEqualTo("10006");
        assertThat(post("extension/update", "extid", "1002", "username", "Amy").getString("status")).isEqualTo("Success");
        receiver.awaitBody(b -> b.contains("ConfigChange") && b.contains("\"extid\":\"1002\""));
        JsonArray infos = post("extension/query", "extid", "1002,1003").getJsonArray("extinfos");
        assertThat(infos.getJsonObject(0).getString("username")).isEqualTo("Amy");
        assertThat(infos).hasSize(2);
        assertThat(errno(post("extension/query", "extid", "1002,4711"))).isEqualTo("10006");
        assertThat(post("extension/query").getJsonArray("extinfos")).hasSize(10);
        assertThat(errno(post("ivr/query", "ivrid", "1"))).isEqualTo("10012");
        assertThat(post("ivr/update", "ivrid", "6500", "prompt", "hello111").getString("status")).isEqualTo("Success");
        assertThat(post("ivr/query", "ivrid", "6500").getJsonArray("ivr").getJsonObject(0).getString("prompt")).isEqualTo("hello111");
        assertThat(errno(post("queue/update", "queueid", "1", "strategy", "x"))).isEqualTo("10013");
        assertThat(post("queue/query").getJsonArray("queue").getJsonObject(0).getString("queueid")).isEqualTo("6700");
        assertThat(post("trunklist/query").getJsonArray("trunklist")).extracting(o -> ((JsonObject) o).getString("trunkname"))
                .containsExactly("SIP-142", "SIP-plain", "GSM-trunk");
        JsonObject info = post("deviceinfo/query").getJsonObject("deviceinfo");
        assertThat(info.getString("sn")).isEqualTo("369351034049");
        assertThat(info.getString("devicename")).isEqualTo("S50");
        assertThat(post("apply").getString("status")).isEqualTo("Success");
    }
}
