package io.pbxbridge.connector.yeastar.sim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact report bodies of one API-dialled internal call in each documented format (spec §A.3.2). */
class SimulatorReportFormatTest extends SimulatorTestBase {

    private String dialTalkHangUp(SimTestSupport.ApiClient c, boolean v2) {
        JsonObject r = v2
                ? c.post("call/dial", new JsonObject().put("caller", "1001").put("callee", "1002").put("autoanswer", "no"))
                : c.post("extension/dial_extension", new JsonObject().put("caller", "1001").put("callee", "1002"));
        assertThat(r.getString("status")).isEqualTo("Success");
        String callId = r.getString("callid");
        assertThat(callId).matches("\\d+\\.\\d+");
        receiver.awaitBody(b -> b.contains(v2 ? "\"memberstatus\":\"ANSWER\"" : "\"action\":\"ANSWERED\""));
        clock.advance(Duration.ofSeconds(42));
        JsonObject h = v2
                ? c.post("call/hangup", new JsonObject().put("channelid", "PJSIP/1002-00000002"))
                : c.post("extension/hangup", new JsonObject().put("extid", "1002"));
        assertThat(h.getString("status")).isEqualTo("Success");
        receiver.awaitBody(b -> b.contains("NewCdr"));
        receiver.awaitCount(v2 ? 9 : 11);
        return callId;
    }

    @Test
    void v100FlatReportsRepeatTheExtKey() throws Exception {
        startSim(YeastarApiVersion.V1_0_0);
        SimTestSupport.ApiClient c = loggedIn();
        String id = dialTalkHangUp(c, false);
        String cid = "\"callid\":\"" + id + "\"";
        assertThat(receiver.bodies()).containsExactly(
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1001\",\"status\":\"Busy\"}",
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1002\",\"status\":\"Ringing\"}",
                "{\"action\":\"RING\"," + cid + ",\"ext\":{\"extid\":\"1002\"},\"ext\":{\"extid\":\"1001\"}}",
                "{\"action\":\"ALERT\"," + cid + ",\"ext\":{\"extid\":\"1001\"}}",
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1002\",\"status\":\"Busy\"}",
                "{\"action\":\"ANSWER\"," + cid + ",\"ext\":{\"extid\":\"1002\"},\"ext\":{\"extid\":\"1001\"}}",
                "{\"action\":\"ANSWERED\"," + cid + ",\"ext\":{\"extid\":\"1001\"},\"ext\":{\"extid\":\"1002\"}}",
                "{\"action\":\"BYE\"," + cid + ",\"ext\":{\"extid\":\"1002\"},\"ext\":{\"extid\":\"1001\"}}",
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1001\",\"status\":\"Idle\"}",
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1002\",\"status\":\"Idle\"}",
                "{\"action\":\"NewCdr\"," + cid + ",\"timestart\":\"2026-01-15 09:30:00\",\"callfrom\":\"1001\","
                        + "\"callto\":\"1002\",\"desttrunkname\":\"\",\"callduraction\":\"42\",\"talkduraction\":\"42\","
                        + "\"status\":\"ANSWERED\",\"type\":\"Internal\",\"pincode\":\"\",\"recording\":\"20260115093000-"
                        + id + "-1001-1002-Internal.wav\"}");
        String ring = receiver.bodies().get(2);
        assertThat(SimTestSupport.occurrences(ring, "\"ext\":")).isEqualTo(2);
        // the shape is not valid JSON for a strict parser: that is the vendor's quirk
        ObjectMapper strict = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        assertThatThrownBy(() -> strict.readTree(ring)).hasMessageContaining("Duplicate field 'ext'");
        SimTestSupport.ReportReceiver.Received first = receiver.all().get(0);
        assertThat(first.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(first.headers().get("User-Agent")).isEqualTo("WebAPI");
        assertThat(first.path()).isEqualTo("/");
    }

    @Test
    void v110CallArraysWithSerialNumber() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = loggedIn();
        String id = dialTalkHangUp(c, false);
        String cid = "\"callid\":\"" + id + "\"";
        String sn = ",\"sn\":\"369351034049\"}";
        assertThat(receiver.bodies()).containsExactly(
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1001\",\"status\":\"Busy\"" + sn,
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1002\",\"status\":\"Ringing\"" + sn,
                "{\"action\":\"RING\"," + cid + ",\"call\":[{\"ext\":{\"extid\":\"1002\"}},{\"ext\":{\"extid\":\"1001\"}}]" + sn,
                "{\"action\":\"ALERT\"," + cid + ",\"call\":[{\"ext\":{\"extid\":\"1001\"}}]" + sn,
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1002\",\"status\":\"Busy\"" + sn,
                "{\"action\":\"ANSWER\"," + cid + ",\"call\":[{\"ext\":{\"extid\":\"1002\"}},{\"ext\":{\"extid\":\"1001\"}}]" + sn,
                "{\"action\":\"ANSWERED\"," + cid + ",\"call\":[{\"ext\":{\"extid\":\"1001\"}},{\"ext\":{\"extid\":\"1002\"}}]" + sn,
                "{\"action\":\"BYE\"," + cid + ",\"call\":[{\"ext\":{\"extid\":\"1002\"}},{\"ext\":{\"extid\":\"1001\"}}]" + sn,
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1001\",\"status\":\"Idle\"" + sn,
                "{\"action\":\"ExtensionStatus\",\"extension\":\"1002\",\"status\":\"Idle\"" + sn,
                "{\"action\":\"NewCdr\"," + cid + ",\"timestart\":\"2026-01-15 09:30:00\",\"callfrom\":\"1001\","
                        + "\"callto\":\"1002\",\"desttrunkname\":\"\",\"callduraction\":\"42\",\"talkduraction\":\"42\","
                        + "\"status\":\"ANSWERED\",\"type\":\"Internal\",\"pincode\":\"\",\"recording\":\"20260115093000-"
                        + id + "-1001-1002-Internal.wav\",\"didnumber\":\"\",\"agentringtime\":\"0\"" + sn);
        // every v1.1.0 body is valid JSON
        receiver.bodies().forEach(b -> assertThat(new JsonObject(b).getString("sn")).isEqualTo("369351034049"));
    }

    @Test
    void v200EventsWithMembersChannelIdsAndMemberStatus() {
        startSim(YeastarApiVersion.V2_0_0);
        SimTestSupport.ApiClient c = loggedIn();
        String id = dialTalkHangUp(c, true);
        List<String> names = receiver.names();
        assertThat(names).containsExactly("ExtensionStatus", "ExtensionStatus", "CallStatus", "ExtensionStatus",
                "CallStatus", "CallStatus", "ExtensionStatus", "ExtensionStatus", "NewCdr");
        JsonObject ringing = new JsonObject(receiver.bodies().get(2));
        assertThat(ringing.encode()).isEqualTo(new JsonObject()
                .put("event", "CallStatus").put("callid", id)
                .put("members", new JsonArray()
                        .add(new JsonObject().put("ext", new JsonObject().put("number", "1001")
                                .put("channelid", "PJSIP/1001-00000001").put("memberstatus", "ALERT")))
                        .add(new JsonObject().put("ext", new JsonObject().put("number", "1002")
                                .put("channelid", "PJSIP/1002-00000002").put("memberstatus", "RING"))))
                .put("sn", "369351034049").encode());
        JsonObject answered = new JsonObject(receiver.bodies().get(4));
        assertThat(answered.getJsonArray("members").getJsonObject(0).getJsonObject("ext").getString("memberstatus"))
                .isEqualTo("ANSWERED");
        assertThat(answered.getJsonArray("members").getJsonObject(1).getJsonObject("ext").getString("memberstatus"))
                .isEqualTo("ANSWER");
        JsonObject bye = new JsonObject(receiver.bodies().get(5));
        assertThat(bye.getJsonArray("members").getJsonObject(0).getJsonObject("ext").getString("number"))
                .as("the party who hung up comes first").isEqualTo("1002");
        assertThat(bye.encode()).contains("\"memberstatus\":\"BYE\"").doesNotContain("ANSWER");
        // v2: back to idle is reported as Registered
        assertThat(new JsonObject(receiver.bodies().get(6)).getString("status")).isEqualTo("Registered");
        JsonObject cdr = new JsonObject(receiver.bodies().get(8));
        assertThat(cdr.getString("event")).isEqualTo("NewCdr");
        assertThat(cdr.containsKey("dsttrcunkname")).isTrue();
        assertThat(cdr.getString("callduraction")).isEqualTo("42");
        assertThat(cdr.getString("sn")).isEqualTo("369351034049");
        receiver.bodies().forEach(b -> assertThat(b).doesNotContain("\"action\""));
    }

    @Test
    void v2ApiWithoutLoginVersionSendsTheLegacyFormat() {
        startSim(YeastarApiVersion.V2_0_0);
        SimTestSupport.ApiClient c = client();
        c.login(c.loginBody("S3cret-pw", receiver.port(), null));
        SimTestSupport.await(sim.runScenario(Scenario.INTERNAL));
        assertThat(receiver.bodies()).allMatch(b -> b.startsWith("{\"action\":"));
        assertThat(receiver.names()).contains("RING", "ALERT", "ANSWER", "ANSWERED", "BYE", "NewCdr");
    }

    @Test
    void absoluteUrlTagSendsReportsToTheGivenHostPortAndPath() {
        startSim(YeastarApiVersion.V1_1_0);
        SimTestSupport.ApiClient c = client();
        JsonObject body = c.loginBody("S3cret-pw", 1, "1.0.2")
                .put("url", "127.0.0.1:" + receiver.port() + "/yeastar/pbx-1/s3cr3t").put("urltag", "1");
        assertThat(c.login(body).getString("status")).isEqualTo("Success");
        SimTestSupport.await(sim.runScenario(Scenario.OUTBOUND));
        assertThat(receiver.all()).isNotEmpty().allMatch(r -> r.path().equals("/yeastar/pbx-1/s3cr3t"));

        // a heartbeat may move the target (relative url on the caller's IP)
        receiver.clear();
        assertThat(c.post("heartbeat", new JsonObject().put("ipaddr", "127.0.0.1")
                .put("port", Integer.toString(receiver.port())).put("url", "/moved").put("urltag", "0"))
                .getString("status")).isEqualTo("Success");
        SimTestSupport.await(sim.runScenario(Scenario.INTERNAL));
        assertThat(receiver.all()).isNotEmpty().allMatch(r -> r.path().equals("/moved"));
    }
}
