package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Predicate;

import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

class CallControlTest {
    private final Vertx vertx = Vertx.vertx();
    private UcmSimulator sim;
    private SimTestSupport.Api api;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            await(sim.stop());
        }
        await(vertx.close());
    }

    private void start(UcmSimulatorOptions o) {
        sim = await(UcmSimulator.start(vertx, o));
        api = new SimTestSupport.Api(vertx, sim.port()).loggedIn();
    }

    /** Polls a list action until a row matches (the call unfolds asynchronously). */
    private JsonObject awaitRow(String action, Predicate<JsonObject> match) {
        for (int i = 0; i < 500; i++) {
            JsonArray rows = api.send(action).getJsonObject("response").getJsonArray("channel");
            for (Object o : rows) {
                if (match.test((JsonObject) o)) {
                    return (JsonObject) o;
                }
            }
            await(vertx.timer(10));
        }
        throw new AssertionError("no matching row in " + action);
    }

    private String ringingTrunkChannel() {
        return awaitRow("listUnBridgedChannels", r -> !r.getString("inbound_trunk_name").isEmpty()).getString("channel");
    }

    @Test
    void acceptCallLetsTheWaitingInboundCallThrough() {
        start(SimTestSupport.options().callControl(true).callControlWindow(Duration.ofSeconds(30)));
        Future<SimCallSummary> call = sim.runScenario(CallScenario.INBOUND, "0611111111", "1001");
        String trunk = ringingTrunkChannel();
        assertThat(trunk).startsWith("PJSIP/trunk_");
        assertThat(api.send("acceptCall", "channel", trunk).getInteger("status")).isZero();
        SimCallSummary s = await(call);
        assertThat(s.disposition()).isEqualTo("ANSWERED");
        assertThat(s.channels()).hasSize(2);
        // The decision is spent: a second one finds nothing waiting.
        assertThat(api.send("refuseCall", "channel", trunk).getInteger("status")).isEqualTo(-16);
    }

    @Test
    void refuseCallEndsTheCall() {
        start(SimTestSupport.options().callControl(true).callControlWindow(Duration.ofSeconds(30)));
        Future<SimCallSummary> call = sim.runScenario(CallScenario.INBOUND, "0622222222", "1002");
        String trunk = ringingTrunkChannel();
        assertThat(api.send("refuseCall", "channel", trunk).getInteger("status")).isZero();
        SimCallSummary s = await(call);
        assertThat(s.disposition()).isEqualTo("FAILED");
        assertThat(s.channels()).containsExactly(trunk);
    }

    @Test
    void withoutADecisionTheCallIsAcceptedWhenTheWindowCloses() {
        start(SimTestSupport.options().callControl(true).callControlWindow(Duration.ofMillis(50)));
        SimCallSummary s = await(sim.runScenario(CallScenario.INBOUND, "0633333333", "1003"));
        assertThat(s.disposition()).isEqualTo("ANSWERED");
        assertThat(api.send("acceptCall", "channel", s.channels().get(0)).getInteger("status")).isEqualTo(-16);
    }

    @Test
    void acceptCallNeedsCallControlAndAWaitingChannel() {
        start(SimTestSupport.options().callControl(false));
        assertThat(api.send("acceptCall", "channel", "PJSIP/trunk_1-00000001").getInteger("status")).isEqualTo(-47);
        assertThat(api.send("acceptCall").getInteger("status")).isEqualTo(-1);
    }

    @Test
    void dialExtensionCreatesChannelsThatHangupEnds() {
        start(SimTestSupport.options().apiCallDuration(Duration.ofMinutes(5)));
        JsonObject r = api.send("dialExtension", "caller", "1000", "callee", "1001");
        assertThat(r.getInteger("status")).isZero();
        assertThat(r.getJsonObject("response").getString("need_apply")).isEqualTo("no");
        JsonObject bridge = awaitRow("listBridgedChannels", b -> "1000".equals(b.getString("callerid1")));
        assertThat(bridge.getString("channel1")).matches("PJSIP/1000-[0-9a-f]{8}");
        assertThat(bridge.getString("channel2")).matches("PJSIP/1001-[0-9a-f]{8}");
        assertThat(bridge.getString("bridge_id")).isNotEmpty();

        String ch = bridge.getString("channel2");
        assertThat(api.send("hold", "channel", ch).getInteger("status")).isZero();
        assertThat(api.send("unhold", "channel", ch).getInteger("status")).isZero();
        assertThat(api.send("mute", "channel", ch).getInteger("status")).isZero();
        assertThat(api.send("unmute", "channel", ch).getInteger("status")).isZero();
        JsonObject hangup = api.send("Hangup", "channel", ch);
        assertThat(hangup.getInteger("status")).isZero();
        assertThat(api.send("listBridgedChannels").getJsonObject("response").getInteger("total_item")).isZero();
        assertThat(api.send("Hangup", "channel", ch).getInteger("status")).isEqualTo(-16);
        assertThat(sim.cdrCount()).isEqualTo(1);
    }

    @Test
    void callTransferMovesThePeerToTheDestination() {
        start(SimTestSupport.options().apiCallDuration(Duration.ofMinutes(5)));
        api.send("dialExtension", "caller", "1000", "callee", "1001");
        JsonObject bridge = awaitRow("listBridgedChannels", b -> "1001".equals(b.getString("callerid2")));
        // 1001 transfers 1000 to 1002.
        assertThat(api.send("callTransfer", "channel", bridge.getString("channel2"), "extension", "1002").getInteger("status")).isZero();
        JsonObject moved = awaitRow("listBridgedChannels", b -> "1002".equals(b.getString("callerid2")));
        assertThat(moved.getString("channel1")).isEqualTo(bridge.getString("channel1"));
        assertThat(moved.getString("bridge_id")).isEqualTo(bridge.getString("bridge_id"));
    }

    @Test
    void outboundDialsAndOutboundTransfersUseTheTrunk() {
        start(SimTestSupport.options().apiCallDuration(Duration.ofMinutes(5)));
        assertThat(api.send("dialOutbound", "caller", "1003", "outbound", "0044123456").getInteger("status")).isZero();
        JsonObject bridge = awaitRow("listBridgedChannels", b -> "0044123456".equals(b.getString("callerid2")));
        assertThat(bridge.getString("channel2")).startsWith("PJSIP/trunk_1-");
        assertThat(bridge.getString("outbound_trunk_name")).isEqualTo("Provider1");
        assertThat(api.send("transferNumberOutbound", "channel", bridge.getString("channel1"), "outbound", "0044999").getInteger("status"))
                .isZero();
        awaitRow("listBridgedChannels", b -> "0044999".equals(b.getString("callerid2")));
        assertThat(api.send("transferNumberInbound", "channel", bridge.getString("channel1"), "callee", "1002").getInteger("status"))
                .isEqualTo(-15);
    }

    @Test
    void otherDialActionsAcceptTheirDocumentedParameters() {
        start(SimTestSupport.options().apiCallDuration(Duration.ofMinutes(5)));
        assertThat(api.send("dialOutboundTwo", "outcaller", "0611", "outcallee", "0622").getInteger("status")).isZero();
        assertThat(api.send("dialIVR", "caller", "1000", "ivrnumber", "7000").getInteger("status")).isZero();
        assertThat(api.send("dialIVR", "caller", "1000", "ivrnumber", "7999").getInteger("status")).isEqualTo(-16);
        assertThat(api.send("dialIVROutbound", "outcaller", "0633", "ivrnumber", "7000").getInteger("status")).isZero();
        assertThat(api.send("dialQueue", "outcaller", "1004", "queue", "6500").getInteger("status")).isZero();
        assertThat(api.send("dialRinggroup", "outcaller", "1005", "ringgroup", "6400").getInteger("status")).isZero();
        assertThat(api.send("dialRinggroup", "outcaller", "1005", "ringgroup", "6499").getInteger("status")).isEqualTo(-16);
        assertThat(api.send("playPromptByOrg", "type", "ivr", "channel", "1001", "variable", "prompt1").getInteger("status")).isZero();
        assertThat(api.send("MulticastPaging", "pagingnum", "8000", "caller", "1002").getInteger("status")).isZero();
        assertThat(api.send("MulticastPaging", "pagingnum", "8000", "caller", "1002").getInteger("status")).isEqualTo(-51);
        assertThat(api.send("MulticastPagingHangup", "pagingnum", "8000").getInteger("status")).isZero();
        assertThat(api.send("MulticastPagingHangup", "pagingnum", "8000").getInteger("status")).isEqualTo(-16);
        JsonObject ivrLeg = awaitRow("listUnBridgedChannels", r -> "ivr".equals(r.getString("service")));
        assertThat(ivrLeg.getString("state")).isEqualTo("Up");
    }

    @Test
    void callbargeJoinsALiveCall() {
        start(SimTestSupport.options().apiCallDuration(Duration.ofMinutes(5)));
        api.send("dialExtension", "caller", "1000", "callee", "1001");
        JsonObject bridge = awaitRow("listBridgedChannels", b -> "1001".equals(b.getString("callerid2")));
        JsonObject r = api.send("callbarge", "channel", bridge.getString("channel2"), "exten", "1004", "mode", "",
                "barge-exten", "1001@0");
        assertThat(r.getInteger("status")).isZero();
        JsonObject spy = awaitRow("listUnBridgedChannels", u -> "ChanSpy".equals(u.getString("service")));
        assertThat(spy.getString("channel")).startsWith("PJSIP/1004-");
    }

    @Test
    void queueAgentsLogInPauseAndLogOff() {
        start(SimTestSupport.options());
        assertThat(api.send("loginLogoffQueueAgent", "operatetype", "login", "interface", "1004", "extension", "6500")
                .getJsonObject("response").getString("need_apply")).isEqualTo("yes");
        assertThat(api.send("loginLogoffQueueAgent", "operatetype", "login", "interface", "1004", "extension", "6500")
                .getInteger("status")).isEqualTo(-44);
        assertThat(api.send("pauseUnpauseQueueAgent", "operatetype", "pause", "interface", "1004").getInteger("status")).isZero();
        assertThat(api.send("pauseUnpauseQueueAgent", "operatetype", "unpause", "interface", "1004").getInteger("status")).isZero();
        assertThat(api.send("pauseUnpauseQueueAgent", "operatetype", "hold", "interface", "1004").getInteger("status")).isEqualTo(-15);
        assertThat(api.send("loginLogoffQueueAgent", "operatetype", "logoff", "interface", "1004", "extension", "6500")
                .getInteger("status")).isZero();
        assertThat(api.send("loginLogoffQueueAgent", "operatetype", "logoff", "interface", "1004", "extension", "6500")
                .getInteger("status")).isEqualTo(-16);
    }

    @Test
    void cdrapiFiltersFinishedCalls() {
        start(SimTestSupport.options());
        await(sim.runScenario(CallScenario.INTERNAL, "1000", "1001"));
        await(sim.runScenario(CallScenario.INTERNAL, "1002", "1003"));
        await(sim.runScenario(CallScenario.OUTBOUND, "1004", "0612345678"));
        await(sim.runScenario(CallScenario.FAILED, "1005", "1000"));

        JsonObject all = api.send("cdrapi", "format", "json").copy();
        assertThat(all.containsKey("status")).isFalse();   // the seed's cdrapi answer has no status wrapper
        JsonArray rows = all.getJsonArray("cdr_root");
        assertThat(rows).hasSize(4);
        assertThat(rows.stream().map(o -> ((JsonObject) o).getString("AcctId"))).containsExactly("1", "2", "3", "4");
        JsonObject outbound = rows.getJsonObject(2);
        assertThat(outbound.getString("src")).isEqualTo("1004");
        assertThat(outbound.getString("dst")).isEqualTo("0612345678");
        assertThat(outbound.getString("dst_trunk_name")).isEqualTo("Provider1");
        assertThat(outbound.getString("userfield")).isEqualTo("Outbound");
        assertThat(outbound.getString("disposition")).isEqualTo("ANSWERED");
        assertThat(rows.getJsonObject(3).getString("disposition")).isEqualTo("NO ANSWER");

        assertThat(cdr("caller", "1000,1002")).containsExactly("1000", "1002");
        assertThat(cdr("caller", "1001-1004")).containsExactly("1002", "1004");
        assertThat(cdr("caller", "10_4")).containsExactly("1004");
        assertThat(cdr("callee", "06@")).containsExactly("1004");
        assertThat(cdr("offset", "1", "numRecords", "2")).containsExactly("1002", "1004");
        assertThat(cdr("startTime", "2000-01-01T00:00", "endTime", "2999-12-31T23:59:59")).hasSize(4);
        assertThat(cdr("startTime", "2999-01-01")).isEmpty();
        assertThat(api.send("cdrapi", "format", "json", "startTime", "yesterday").getInteger("status")).isEqualTo(-15);
        String csv = api.raw(new JsonObject().put("action", "cdrapi").put("cookie", api.cookie).put("format", "csv")).bodyAsString();
        assertThat(csv.lines().count()).isEqualTo(5);
    }

    private java.util.List<String> cdr(String... filters) {
        JsonObject r = api.send("cdrapi", concat(new Object[]{"format", "json"}, filters));
        return r.getJsonArray("cdr_root").stream().map(o -> ((JsonObject) o).getString("src")).toList();
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void recordedCallsCanBeDownloadedWithRecapi() {
        start(SimTestSupport.options());
        assertThat(api.send("updateSIPAccount", "extension", "1001", "auto_record", "all").getInteger("status")).isZero();
        await(sim.runScenario(CallScenario.INTERNAL, "1000", "1001"));
        String file = api.send("cdrapi", "format", "json").getJsonArray("cdr_root").getJsonObject(0).getString("recordfiles");
        assertThat(file).matches("auto-\\d+-1000-1001\\.wav");
        var download = api.raw(new JsonObject().put("action", "recapi").put("cookie", api.cookie)
                .put("filedir", "monitor").put("filename", file));
        assertThat(download.getHeader("Content-Type")).isEqualTo("audio/x-wav");
        assertThat(download.getHeader("Content-Disposition")).contains(file);
        assertThat(download.body().getString(0, 4)).isEqualTo("RIFF");
        assertThat(api.send("recapi", "filedir", "monitor", "filename", "nope.wav").getInteger("status")).isEqualTo(-16);
        assertThat(api.send("recapi", "filedir", "tmp", "filename", file).getInteger("status")).isEqualTo(-15);
        assertThat(api.raw(new JsonObject().put("action", "recapi").put("cookie", api.cookie).put("filedir", "monitor"))
                .bodyAsString()).isEqualTo(file);
    }

    @Test
    void queueapiReportsQueueCalls() {
        start(SimTestSupport.options());
        await(sim.runScenario(CallScenario.QUEUE));
        JsonObject stats = new JsonObject(api.raw(new JsonObject().put("action", "queueapi").put("cookie", api.cookie)
                .put("format", "json").put("startTime", "2000-01-01").put("endTime", "2999-12-31")).bodyAsString());
        assertThat(stats.getJsonObject("root_statistics").getJsonObject("total").getLong("total_calls")).isEqualTo(1);
        String xml = api.raw(new JsonObject().put("action", "queueapi").put("cookie", api.cookie)
                .put("startTime", "2000-01-01").put("queue", "6500")).bodyAsString();
        assertThat(xml).startsWith("<?xml").contains("<root_statistics>").contains("<queue>6500</queue>");
    }
}
