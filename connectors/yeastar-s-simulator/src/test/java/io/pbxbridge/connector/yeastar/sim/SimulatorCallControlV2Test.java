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

/** v2.0.0: call control by {@code channelid} (spec §A.4 "v2.0.0 call control is by channel ID"). */
class SimulatorCallControlV2Test extends SimulatorTestBase {
    private SimTestSupport.ApiClient c;

    @BeforeEach
    void start() {
        startSim(YeastarApiVersion.V2_0_0, b -> b.trunks(List.of(
                TrunkSpec.sip("siptrunk").withInboundControl(true, false), TrunkSpec.gsm("GSM-trunk"))));
        c = loggedIn();
    }

    private JsonObject post(String endpoint, Object... kv) {
        JsonObject body = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            body.put((String) kv[i], kv[i + 1]);
        }
        return c.post(endpoint, body);
    }

    /** The channel id of a member in the latest CallStatus of the call. */
    private String channelOf(String callId, String number) {
        String status = receiver.awaitBody(b -> b.contains("\"event\":\"CallStatus\"") && b.contains(callId)
                && b.contains("\"memberstatus\":\"ANSWER\""));
        for (Object o : new JsonObject(status).getJsonArray("members")) {
            JsonObject m = (JsonObject) o;
            JsonObject party = m.containsKey("ext") ? m.getJsonObject("ext")
                    : m.containsKey("inbound") ? m.getJsonObject("inbound") : m.getJsonObject("outbound");
            if (number.equals(party.getString("number")) || number.equals(party.getString("to"))
                    || number.equals(party.getString("from"))) {
                return party.getString("channelid");
            }
        }
        throw new AssertionError("no member " + number + " in " + status);
    }

    @Test
    void dialHoldUnholdHangupByChannel() {
        assertThat(errno(post("call/dial", "caller", "1000"))).isEqualTo("10004");
        assertThat(errno(post("call/dial", "caller", "0755000001", "callee", "1001"))).as("external caller needs dialpermission")
                .isEqualTo("10004");
        String id = post("call/dial", "caller", "1000", "callee", "1001", "autoanswer", "no").getString("callid");
        String ch = channelOf(id, "1000");
        assertThat(ch).startsWith("PJSIP/1000-");
        assertThat(errno(post("call/dial", "caller", "1002", "callee", "1000"))).isEqualTo("10008");

        JsonObject held = post("call/hold", "channelid", ch);
        assertThat(held.getString("callid")).isEqualTo(id);
        String hold = receiver.awaitBody(b -> b.contains("\"memberstatus\":\"HOLD\""));
        assertThat(hold).contains(ch);
        assertThat(post("call/unhold", "channelid", ch).getString("status")).isEqualTo("Success");
        assertThat(errno(post("call/hold", "channelid", "PJSIP/1000-deadbeef"))).isEqualTo("10007");
        assertThat(errno(post("call/hold"))).isEqualTo("10004");

        assertThat(post("call/hangup", "channelid", ch).getString("callid")).isEqualTo(id);
        String cdr = receiver.awaitBody(b -> b.contains("NewCdr") && b.contains(id));
        assertThat(new JsonObject(cdr).getString("status")).isEqualTo("ANSWERED");
        assertThat(errno(post("call/hangup", "channelid", ch))).isEqualTo("10007");
        // v1 endpoints are not served by a v2 PBX
        assertThat(errno(post("extension/dial_extension", "caller", "1000", "callee", "1001"))).isEqualTo("10003");
    }

    @Test
    void acceptAndRefuseInboundByTheInviteChannel() {
        String accepted = await(sim.startInboundCall("siptrunk", "2000", "1003"));
        String invite = receiver.awaitBody(b -> b.contains("\"event\":\"Invite\"") && b.contains(accepted));
        JsonObject inbound = new JsonObject(invite).getJsonArray("members").getJsonObject(0).getJsonObject("inbound");
        assertThat(inbound.getString("trunkname")).isEqualTo("siptrunk");
        String channel = inbound.getString("channelid");
        assertThat(channel).startsWith("PJSIP/trunk-siptrunk-endpoint-");
        assertThat(post("call/accept_inbound", "channelid", channel).getString("status")).isEqualTo("Success");
        receiver.awaitBody(b -> b.contains("\"memberstatus\":\"ANSWER\"") && b.contains(accepted));

        String refused = await(sim.startInboundCall("siptrunk", "2001", "1004"));
        String invite2 = receiver.awaitBody(b -> b.contains("\"event\":\"Invite\"") && b.contains(refused));
        String ch2 = new JsonObject(invite2).getJsonArray("members").getJsonObject(0).getJsonObject("inbound")
                .getString("channelid");
        clock.advance(Duration.ofSeconds(11));
        assertThat(errno(post("call/refuse_inbound", "channelid", ch2))).isEqualTo("10016");

        String third = await(sim.startInboundCall("siptrunk", "2002", "1005"));
        String invite3 = receiver.awaitBody(b -> b.contains("\"event\":\"Invite\"") && b.contains(third));
        String ch3 = new JsonObject(invite3).getJsonArray("members").getJsonObject(0).getJsonObject("inbound")
                .getString("channelid");
        assertThat(post("call/refuse_inbound", "channelid", ch3).getString("status")).isEqualTo("Success");
        assertThat(errno(post("call/hangup", "channelid", ch3))).isEqualTo("10007");
    }

    @Test
    void transferPlaypromptAndQueries() {
        String id = post("call/dial", "caller", "1000", "callee", "0755123456").getString("callid");
        String extChannel = channelOf(id, "1000");
        // the external party is transferred: the extension's peer is replaced by 1006
        String outChannel = channelOf(id, "0755123456");
        assertThat(post("call/transfer", "channelid", outChannel, "number", "1006").getString("callid")).isEqualTo(id);
        receiver.awaitBody(b -> b.contains("\"number\":\"1006\"") && b.contains("\"memberstatus\":\"ANSWER\""));
        assertThat(errno(post("call/transfer", "channelid", extChannel, "number", "1007"))).isEqualTo("10007");

        String p = post("call/playprompt", "number", "1002", "prompt", "music1+music2", "count", "2",
                "autoanswer", "yes", "volume", "10").getString("callid");
        String end = receiver.awaitBody(b -> b.contains("PlayPromptEnd") && b.contains(p));
        assertThat(new JsonObject(end).getString("event")).isEqualTo("PlayPromptEnd");
        assertThat(errno(post("call/playprompt", "number", "1002", "prompt", "nope"))).isEqualTo("10023");

        JsonArray exts = post("extension/list").getJsonArray("extlist");
        assertThat(exts).hasSize(10);
        assertThat(exts.getJsonObject(0).getString("number")).isEqualTo("1000");
        assertThat(post("extension/query", "number", "1001").getJsonArray("extinfos").getJsonObject(0).getString("extid"))
                .isEqualTo("1001");
        assertThat(errno(post("extension/query", "number", "4711"))).isEqualTo("10006");
        assertThat(post("trunk/list").getJsonArray("trunklist").getJsonObject(0).getString("name")).isEqualTo("siptrunk");
        assertThat(sim.endpoints()).contains("call/dial", "call/hold", "call/unhold", "call/hangup", "call/accept_inbound",
                "call/refuse_inbound", "call/transfer", "call/playprompt", "extension/list", "trunk/list", "login",
                "heartbeat", "logout").doesNotContain("extension/dial_extension");
    }
}
