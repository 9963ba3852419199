package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.API_PASSWORD;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.API_USER;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.WEB_PASSWORD;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.WEB_USER;
import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

class WebSocketTest {
    private final Vertx vertx = Vertx.vertx();
    private UcmSimulator sim;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            await(sim.stop());
        }
        await(vertx.close());
    }

    private SimTestSupport.Ws connect(UcmSimulatorOptions o) {
        sim = await(UcmSimulator.start(vertx, o));
        return new SimTestSupport.Ws(vertx, sim.port());
    }

    @Test
    void webUserLogsInSubscribesAndHeartbeats() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options());
        JsonObject beforeLogin = ws.request(new JsonObject().put("action", "subscribe").put("eventnames", new JsonArray().add("PbxStatus")));
        assertThat(beforeLogin.getInteger("status")).isEqualTo(-5);
        ws.login(WEB_USER, WEB_PASSWORD);
        assertThat(ws.subscribe("ActiveCallStatus", "ExtensionStatus", "TrunkStatus", "PbxStatus")).isZero();
        JsonObject hb = ws.request(new JsonObject().put("action", "heartbeat"));
        assertThat(hb.getInteger("status")).isZero();
        assertThat(hb.getString("action")).isEqualTo("heartbeat");
    }

    @Test
    void wrongTokenFailsLogin() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options());
        JsonObject c = ws.request(new JsonObject().put("action", "challenge").put("username", WEB_USER));
        JsonObject l = ws.request(new JsonObject().put("action", "login").put("username", WEB_USER)
                .put("token", Md5.token(c.getString("challenge"), "nope")));
        assertThat(l.getInteger("status")).isEqualTo(-37);
    }

    @Test
    void theApiUserDoesNotWorkOnTheWebSocketAndQueriesAreUnsupported() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options());
        JsonObject c = ws.request(new JsonObject().put("action", "challenge").put("username", API_USER));
        assertThat(c.getInteger("status")).isEqualTo(-71);
        JsonObject l = ws.request(new JsonObject().put("action", "login").put("username", API_USER)
                .put("token", Md5.token("0000000000000000", API_PASSWORD)));
        assertThat(l.getInteger("status")).isNotZero();
        ws.login(WEB_USER, WEB_PASSWORD);
        assertThat(ws.request(new JsonObject().put("action", "listAccount")).getInteger("status")).isEqualTo(-19);
        assertThat(ws.request(new JsonObject().put("action", "getSystemStatus")).getInteger("status")).isEqualTo(-19);
    }

    @Test
    void oneUnknownEventNameFailsTheWholeSubscribe() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options());
        ws.login(WEB_USER, WEB_PASSWORD);
        assertThat(ws.subscribe("ActiveCallStatus", "CallStatusX")).isEqualTo(-9);
        await(sim.runScenario(CallScenario.INTERNAL, "1000", "1001"));
        assertThat(ws.notifies(Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void anInternalCallEmitsChannelBridgeAndExtensionFramesInOrder() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options());
        ws.login(WEB_USER, WEB_PASSWORD);
        assertThat(ws.subscribe("ActiveCallStatus", "ExtensionStatus")).isZero();

        SimCallSummary call = await(sim.runScenario(CallScenario.INTERNAL, "1000", "1001"));
        assertThat(call.disposition()).isEqualTo("ANSWERED");
        assertThat(call.channels()).hasSize(2);
        String a = call.channels().get(0);
        String b = call.channels().get(1);
        assertThat(a).matches("PJSIP/1000-[0-9a-f]{8}");
        assertThat(b).matches("PJSIP/1001-[0-9a-f]{8}");

        List<JsonObject> notifies = ws.notifies(Duration.ofMillis(300));
        assertThat(notifies).allSatisfy(n -> assertThat(n.getString("action")).isEqualTo("notify"));
        List<JsonObject> acs = entries(notifies, "ActiveCallStatus");
        List<String> trace = acs.stream().map(e -> e.getString("action") + " " + e.getString("chantype", "-") + " "
                + e.getString("channel", e.getString("channel1", "")) + " " + e.getString("state", "")).toList();
        assertThat(trace).containsExactly(
                "add unbridge " + a + " Ring",
                "add unbridge " + b + " Ringing",
                "update unbridge " + a + " Ring",
                "update bridge " + a + " Up",   // B.3: chantype bridge = connected
                "update bridge " + b + " Up",
                "add bridge " + a + " ",
                "delete - " + b + " ",
                "delete - " + a + " ");
        // Legs share the linkedid; a delete carries only the channel.
        assertThat(acs.get(0).getString("linkedid")).isEqualTo(call.linkedid()).isEqualTo(acs.get(1).getString("linkedid"));
        assertThat(acs.get(1).getString("callernum")).isEqualTo("1001");
        assertThat(acs.get(1).getString("connectednum")).isEqualTo("1000");
        assertThat(acs.get(6).fieldNames()).containsExactlyInAnyOrder("action", "channel");
        JsonObject bridge = acs.get(5);
        assertThat(bridge.getString("channel2")).isEqualTo(b);
        assertThat(bridge.getString("callerid1")).isEqualTo("1000");

        List<String> ext = entries(notifies, "ExtensionStatus").stream()
                .map(e -> e.getString("extension") + "=" + e.getString("status")).toList();
        assertThat(ext).containsExactly("1000=InUse", "1001=Ringing", "1001=InUse", "1001=Idle", "1000=Idle");
    }

    @Test
    void inboundAndOutboundCallsNameTheirTrunks() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options());
        ws.login(WEB_USER, WEB_PASSWORD);
        assertThat(ws.subscribe("ActiveCallStatus", "TrunkStatus")).isZero();
        SimCallSummary in = await(sim.runScenario(CallScenario.INBOUND, "0612345678", "1002"));
        SimCallSummary out = await(sim.runScenario(CallScenario.OUTBOUND, "1003", "0698765432"));
        List<JsonObject> notifies = ws.notifies(Duration.ofMillis(300));
        List<JsonObject> acs = entries(notifies, "ActiveCallStatus");

        JsonObject trunkAdd = acs.stream().filter(e -> "add".equals(e.getString("action"))
                && in.channels().get(0).equals(e.getString("channel"))).findFirst().orElseThrow();
        assertThat(trunkAdd.getString("channel")).matches("PJSIP/trunk_\\d+-[0-9a-f]{8}");
        assertThat(trunkAdd.getString("inbound_trunk_name")).startsWith("Provider");
        assertThat(trunkAdd.getString("callernum")).isEqualTo("0612345678");
        assertThat(trunkAdd.getString("state")).isEqualTo("Ring");

        JsonObject outTrunk = acs.stream().filter(e -> "add".equals(e.getString("action"))
                && out.channels().get(1).equals(e.getString("channel"))).findFirst().orElseThrow();
        assertThat(outTrunk.getString("outbound_trunk_name")).isEqualTo("Provider1");
        JsonObject outBridge = acs.stream().filter(e -> "bridge".equals(e.getString("chantype"))
                && out.channels().get(0).equals(e.getString("channel1"))).findFirst().orElseThrow();
        assertThat(outBridge.getString("outbound_trunk_name")).isEqualTo("Provider1");

        List<JsonObject> trunk = entries(notifies, "TrunkStatus");
        assertThat(trunk).extracting(t -> t.getString("status")).containsExactly("InUse", "Idle", "InUse", "Idle");
        // Every channel added was deleted exactly once.
        Map<String, Long> deletes = acs.stream().filter(e -> "delete".equals(e.getString("action")))
                .collect(Collectors.groupingBy(e -> e.getString("channel"), Collectors.counting()));
        List<String> all = new ArrayList<>(in.channels());
        all.addAll(out.channels());
        assertThat(deletes.keySet()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(deletes.values()).allMatch(n -> n == 1);
    }

    @Test
    void queueTransferAndFailedCallsEndCleanly() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options());
        ws.login(WEB_USER, WEB_PASSWORD);
        assertThat(ws.subscribe("ActiveCallStatus")).isZero();
        SimCallSummary queue = await(sim.runScenario(CallScenario.QUEUE));
        SimCallSummary transfer = await(sim.runScenario(CallScenario.TRANSFERRED, "1000", "1001"));
        SimCallSummary failed = await(sim.runScenario(CallScenario.FAILED, "1002", "1003"));
        assertThat(queue.disposition()).isEqualTo("ANSWERED");
        assertThat(queue.channels()).hasSize(4);   // trunk leg + three ringing agents
        assertThat(transfer.channels()).hasSize(3);
        assertThat(failed.disposition()).isEqualTo("NO ANSWER");
        List<JsonObject> acs = entries(ws.notifies(Duration.ofMillis(300)), "ActiveCallStatus");
        // The transfer re-points the bridge at the third leg.
        JsonObject reBridge = acs.stream().filter(e -> e.containsKey("channel1") && "update".equals(e.getString("action")))
                .findFirst().orElseThrow();
        assertThat(reBridge.getString("channel1")).isEqualTo(transfer.channels().get(0));
        assertThat(reBridge.getString("channel2")).isEqualTo(transfer.channels().get(2));
        // All queue legs share the trunk leg's linkedid.
        assertThat(acs.stream().filter(e -> "add".equals(e.getString("action")) && "unbridge".equals(e.getString("chantype"))
                        && queue.channels().contains(e.getString("channel")))
                .map(e -> e.getString("linkedid")).distinct()).containsExactly(queue.linkedid());
        assertThat(await(sim.liveCalls())).isZero();
        assertThat(sim.cdrCount()).isEqualTo(3);
    }

    @Test
    void notifiesCanBeSingleObjects() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options().notifyAsSingleObject(true));
        ws.login(WEB_USER, WEB_PASSWORD);
        assertThat(ws.subscribe("ExtensionStatus")).isZero();
        await(sim.runScenario(CallScenario.INTERNAL, "1000", "1001"));
        JsonObject frame = ws.next(f -> !f.containsKey("type"));
        assertThat(frame.getValue("message")).isInstanceOf(JsonObject.class);
        assertThat(frame.getJsonObject("message").getString("eventname")).isEqualTo("ExtensionStatus");
    }

    @Test
    void droppedWebSocketsAreClosedByTheServer() {
        SimTestSupport.Ws ws = connect(SimTestSupport.options());
        ws.login(WEB_USER, WEB_PASSWORD);
        io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
        ws.socket.closeHandler(v -> closed.tryComplete());
        assertThat(sim.webSocketSessions()).isEqualTo(1);
        await(sim.dropWebSockets());
        await(closed.future());
        assertThat(sim.webSocketSessions()).isZero();
    }

    private static List<JsonObject> entries(List<JsonObject> notifies, String eventName) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject n : notifies) {
            if (eventName.equals(n.getString("eventname"))) {
                n.getJsonArray("eventbody").forEach(e -> out.add((JsonObject) e));
            }
        }
        return out;
    }
}
