package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.grandstream.UcmConnector;
import io.pbxbridge.connector.grandstream.sim.CallScenario;
import io.pbxbridge.connector.grandstream.sim.RecordedRequest;
import io.pbxbridge.connector.grandstream.sim.SimCallSummary;
import io.pbxbridge.connector.grandstream.sim.UcmSimulator;
import io.pbxbridge.connector.grandstream.sim.UcmSimulatorOptions;
import io.pbxbridge.connector.grandstream.testing.Await;
import io.pbxbridge.connector.grandstream.testing.RecordingSink;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.CommandOutcome;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.QuerySubject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.pbxbridge.connector.grandstream.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands through the real connector session against the real UCM simulator over loopback: each command
 * kind produces the seed's {@code /api} request (the simulator's recorder) and the right outcome.
 */
class SimulatorCommandsTest {
    private static final String API_PASSWORD = "s3cret-api";
    private static final String WEB_PASSWORD = "s3cret-web";

    @TempDir
    Path tmp;
    private Vertx vertx;
    private UcmSimulator sim;
    private PbxSession session;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            Await.result(session.stop());
        }
        if (sim != null) {
            Await.result(sim.stop());
        }
        Await.result(vertx.close());
    }

    private void start(Map<String, String> extra) {
        sim = Await.result(UcmSimulator.start(vertx, new UcmSimulatorOptions()
                .apiUser("cdrapi", Secret.of(API_PASSWORD)).webUser("admin", Secret.of(WEB_PASSWORD))
                .extensions(6, 1000).trunkCount(2).callControl(true).callControlWindow(Duration.ofSeconds(8))
                .stepDelay(Duration.ofMillis(20)).talkTime(Duration.ofMillis(1500))
                .apiCallDuration(Duration.ofSeconds(8)).randomSeed(11)));
        Map<String, String> options = new HashMap<>();
        options.put("ws_username", "admin");
        options.put("ws_password", WEB_PASSWORD);
        options.put("backoff_base", "50ms");
        options.put("backoff_max", "200ms");
        options.put("request_timeout", "2s");
        options.put("cdr_enabled", "false");
        options.put("state_dir", tmp.resolve("state").toString());
        options.put("apply_delay", "300ms");
        options.put("apply_retry_wait", "50ms");
        options.put("apply_busy_wait", "50ms");
        options.put("apply_max_attempts", "3");
        options.putAll(extra);
        PbxConfig pbx = new PbxConfig("ucm-1", "grandstream-ucm", URI.create(sim.scheme() + "://127.0.0.1:" + sim.port()),
                "cdrapi", Secret.of(API_PASSWORD), null, Secret.empty(), List.of(), TlsSettings.verifyingDefaults(),
                Duration.ofMinutes(4), ZoneOffset.UTC, UcmOptions.ALL.parse(options));
        session = new UcmConnector().session(vertx, pbx, new SessionContext(sink, new TestPbx.States(), TestPbx.BRIDGE, null));
        Await.result(session.start());
        Await.until("WebSocket subscribed", () -> sim.webSocketSessions() == 1 && !sim.requestsFor("listAccount").isEmpty());
    }

    private CommandOutcome run(Command command) {
        return Await.result(session.execute(command));
    }

    /** The last request of {@code action} as the simulator recorded it, without action and (masked) cookie. */
    private RecordedRequest last(String action) {
        List<RecordedRequest> all = sim.requestsFor(action);
        assertThat(all).as("requests for " + action).isNotEmpty();
        RecordedRequest r = all.get(all.size() - 1);
        JsonObject params = r.params().copy();
        params.remove("action");
        params.remove("cookie");
        return new RecordedRequest(r.time(), r.action(), params, r.status(), r.httpStatus());
    }

    private CallEvent awaitEvent(CallEventType type, String number) {
        Await.until(type + " of " + number, () -> find(type, number) != null);
        return find(type, number);
    }

    private CallEvent find(CallEventType type, String number) {
        return sink.callEvents().stream().filter(e -> type == null || e.getType() == type)
                .filter(e -> e.getParties().stream().anyMatch(p -> number.equals(p.getNumber())))
                .findFirst().orElse(null);
    }

    private JsonObject bridgedRow() {
        CommandOutcome active = run(query(QuerySubject.ACTIVE_CALLS, null, Map.of()));
        var rows = new JsonObject(active.responseJson()).getJsonObject("response")
                .getJsonObject("listBridgedChannels").getJsonArray("channel");
        return rows.isEmpty() ? null : rows.getJsonObject(0);
    }

    private static String channelOf(CallEvent e, String number) {
        return e.getParties().stream().filter(p -> number.equals(p.getNumber())).map(Party::getLegRef).findFirst().orElseThrow();
    }

    @Test
    void dialAndCallControlByCallIdProduceTheSeedRequests() {
        start(Map.of());
        CommandOutcome dial = run(dial(EndpointKind.EXTENSION, "1000", EndpointKind.EXTENSION, "1001"));
        assertThat(dial.status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(last("dialExtension").params().getString("caller")).isEqualTo("1000");
        assertThat(last("dialExtension").params().getString("callee")).isEqualTo("1001");

        CallEvent first = awaitEvent(null, "1000");
        String callId = first.getCallId();
        String ch1000 = channelOf(first, "1000");
        Await.until("both legs bridged", () -> bridgedRow() != null);
        // The published events name 1001's channel only when the call ends; the bridge learns it from the frames.
        JsonObject bridge = bridgedRow();
        assertThat(bridge.getString("channel1")).isEqualTo(ch1000);
        String ch1001 = bridge.getString("channel2");

        record Step(Command command, String action, String channel) {
        }
        List<Step> steps = List.of(
                new Step(call(CommandAction.HOLD, callId, null, "1001"), "hold", ch1001),
                new Step(call(CommandAction.RESUME, callId, null, "1001"), "unhold", ch1001),
                new Step(call(CommandAction.MUTE, callId, null, "1000"), "mute", ch1000),
                new Step(call(CommandAction.UNMUTE, null, ch1000, null), "unmute", ch1000),
                new Step(monitor(MonitorMode.WHISPER, "1002", target(callId, null, "1001")), "callbarge", ch1001));
        for (Step step : steps) {
            CommandOutcome outcome = run(step.command());
            assertThat(outcome.status()).as(step.action() + ": " + outcome.reason()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(last(step.action()).params().getString("channel")).isEqualTo(step.channel());
        }
        JsonObject barge = last("callbarge").params();
        assertThat(barge.getString("exten")).isEqualTo("1002");
        assertThat(barge.getString("mode")).isEqualTo("W");
        assertThat(barge.getString("barge-exten")).isEqualTo("1001");

        CommandOutcome transfer = run(transfer(target(callId, null, "1001"), EndpointKind.EXTENSION, "1003"));
        assertThat(transfer.status()).as(transfer.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(last("callTransfer").params()).isEqualTo(new JsonObject().put("channel", ch1001).put("extension", "1003"));

        CommandOutcome hangup = run(call(CommandAction.HANGUP, callId, null, "1000"));
        assertThat(hangup.status()).as(hangup.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(last("Hangup").params().getString("channel")).isEqualTo(ch1000);
        Await.until("call ended", () -> sink.callEvents().stream()
                .anyMatch(e -> e.getCallId().equals(callId) && e.getType() == CallEventType.ENDED));
        // No applyChanges after call actions, although Hangup and callbarge answer need_apply "yes".
        assertThat(sim.requestsFor("applyChanges")).isEmpty();
    }

    @Test
    void otherDialKindsAndPromptReachTheirActions() {
        start(Map.of());
        record Step(Command command, String action, JsonObject params) {
        }
        List<Step> steps = List.of(
                new Step(dial(EndpointKind.EXTENSION, "1000", EndpointKind.EXTERNAL, "0301555"), "dialOutbound",
                        new JsonObject().put("caller", "1000").put("outbound", "0301555")),
                new Step(dial(EndpointKind.EXTERNAL, "0301555", EndpointKind.EXTERNAL, "0302666"), "dialOutboundTwo",
                        new JsonObject().put("outcaller", "0301555").put("outcallee", "0302666")),
                new Step(dial(EndpointKind.EXTENSION, "1002", EndpointKind.IVR, "7000"), "dialIVR",
                        new JsonObject().put("caller", "1002").put("ivrnumber", "7000")),
                new Step(dial(EndpointKind.EXTERNAL, "0303777", EndpointKind.IVR, "7000"), "dialIVROutbound",
                        new JsonObject().put("outcaller", "0303777").put("ivrnumber", "7000")),
                new Step(dial(EndpointKind.EXTERNAL, "0304888", EndpointKind.QUEUE, "6500"), "dialQueue",
                        new JsonObject().put("outcaller", "0304888").put("queue", "6500")),
                new Step(dial(EndpointKind.EXTERNAL, "0305999", EndpointKind.RING_GROUP, "6400"), "dialRinggroup",
                        new JsonObject().put("outcaller", "0305999").put("ringgroup", "6400")),
                new Step(prompt("1005", "welcome"), "playPromptByOrg",
                        new JsonObject().put("channel", "1005").put("type", "ivr").put("variable", "welcome")));
        for (Step step : steps) {
            CommandOutcome outcome = run(step.command());
            assertThat(outcome.status()).as(step.action() + ": " + outcome.reason()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(last(step.action()).params()).isEqualTo(step.params());
        }
        CommandOutcome unknownIvr = run(dial(EndpointKind.EXTENSION, "1000", EndpointKind.IVR, "7999"));
        assertThat(unknownIvr.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(unknownIvr.vendorErrorCode()).isEqualTo("-16");
        assertThat(unknownIvr.reason()).contains("dialIVR").contains("No such item");
    }

    @Test
    void acceptAndRefuseUseTheLegRefOfInboundRequest() {
        start(Map.of());
        Future<SimCallSummary> accepted = sim.runScenario(CallScenario.INBOUND, "0301111", "1001");
        CallEvent request = awaitEvent(CallEventType.INBOUND_REQUEST, "0301111");
        String channel = request.getParties().get(0).getLegRef();

        CommandOutcome accept = run(call(CommandAction.ACCEPT_INBOUND, null, channel, null));
        assertThat(accept.status()).as(accept.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(last("acceptCall").params()).isEqualTo(new JsonObject().put("channel", channel));
        assertThat(Await.result(accepted).disposition()).isEqualTo("ANSWERED");

        // Refuse by call_id alone: the channel comes from the tracker fed by the published INBOUND_REQUEST.
        Future<SimCallSummary> refused = sim.runScenario(CallScenario.INBOUND, "0302222", "1002");
        CallEvent second = awaitEvent(CallEventType.INBOUND_REQUEST, "0302222");
        CommandOutcome refuse = run(call(CommandAction.REFUSE_INBOUND, second.getCallId(), null, null));
        assertThat(refuse.status()).as(refuse.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(last("refuseCall").params().getString("channel")).isEqualTo(second.getParties().get(0).getLegRef());
        assertThat(Await.result(refused).disposition()).isEqualTo("FAILED");

        // The call is over: a second decision is refused by the PBX, with its code and meaning.
        CommandOutcome late = run(call(CommandAction.ACCEPT_INBOUND, null, channel, null));
        assertThat(late.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(late.vendorErrorCode()).isEqualTo("-16");
    }

    @Test
    void queriesProduceTheSeedActions() {
        start(Map.of());
        Map<Command, String> queries = new java.util.LinkedHashMap<>();
        queries.put(query(QuerySubject.SYSTEM_STATUS, null, Map.of()), "getSystemStatus");
        queries.put(query(QuerySubject.SYSTEM_INFO, null, Map.of()), "getSystemGeneralStatus");
        queries.put(query(QuerySubject.EXTENSIONS, null, Map.of("page", "1", "item_num", "2")), "listAccount");
        queries.put(query(QuerySubject.EXTENSION, "1000", Map.of()), "getSIPAccount");
        queries.put(query(QuerySubject.TRUNKS, null, Map.of()), "listVoIPTrunk");
        queries.put(query(QuerySubject.TRUNK, "1", Map.of()), "getSIPTrunk");
        queries.put(query(QuerySubject.INBOUND_ROUTES, "1", Map.of()), "listInboundRoute");
        queries.put(query(QuerySubject.OUTBOUND_ROUTES, null, Map.of()), "listOutboundRoute");
        queries.put(query(QuerySubject.QUEUES, null, Map.of()), "listQueue");
        queries.put(query(QuerySubject.QUEUE, "6500", Map.of()), "getQueue");
        queries.put(query(QuerySubject.IVRS, null, Map.of()), "listIVR");
        queries.put(query(QuerySubject.IVR, "1", Map.of()), "getIVR");
        queries.put(query(QuerySubject.USERS, null, Map.of()), "listUser");
        queries.put(query(QuerySubject.CDRS, null, Map.of("caller", "1000")), "cdrapi");
        queries.forEach((command, action) -> {
            int before = sim.requestsFor(action).size();
            CommandOutcome outcome = run(command);
            assertThat(outcome.status()).as(action + ": " + outcome.reason()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(sim.requestsFor(action)).as(action).hasSize(before + 1);
            assertThat(outcome.responseJson()).as(action).isNotBlank();
        });
        assertThat(new JsonObject(run(query(QuerySubject.EXTENSIONS, null, Map.of("page", "1", "item_num", "2")))
                .responseJson()).getJsonObject("response").getJsonArray("account")).hasSize(2);
        assertThat(new JsonObject(run(query(QuerySubject.CDRS, null, Map.of())).responseJson()).containsKey("cdr_root")).isTrue();

        CommandOutcome active = run(query(QuerySubject.ACTIVE_CALLS, null, Map.of()));
        assertThat(active.status()).isEqualTo(CommandStatus.SUCCEEDED);
        JsonObject merged = new JsonObject(active.responseJson()).getJsonObject("response");
        assertThat(merged.fieldNames()).containsExactlyInAnyOrder("listBridgedChannels", "listUnBridgedChannels");

        CommandOutcome missing = run(query(QuerySubject.QUEUE, "6999", Map.of()));
        assertThat(missing.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(missing.vendorErrorCode()).isEqualTo("-16");
        assertThat(missing.reason()).isEqualTo("getQueue: -16 (No such item)");
    }

    @Test
    void aBurstOfConfigurationChangesEndsInOneApplyChanges() {
        // A window far above what eight loopback requests need, so a busy machine cannot split the batch.
        start(Map.of("apply_delay", "2s"));
        List<Command> burst = List.of(
                configure(ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1000", "{\"fullname\":\"Ann Example\"}"),
                configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"queue_name\":\"Helpdesk\"}"),
                configure(ConfigEntity.PAGING_GROUP, ConfigOperation.CREATE, null,
                        "{\"extension\":\"8010\",\"paginggroup_name\":\"Floor2\",\"paginggroup_type\":\"2way\"}"),
                configure(ConfigEntity.INBOUND_ROUTE, ConfigOperation.UPDATE, "1",
                        "{\"did_pattern_match\":\"_X.\",\"multi_mode\":\"no\",\"time_condition\":\"no\",\"account\":\"1001\"}"),
                vendor("updateUser", "{\"user_name\":\"1002\",\"email\":\"u1002@example.com\"}"),
                configure(ConfigEntity.TRUNK, ConfigOperation.CREATE, null,
                        "{\"trunk_name\":\"carrier\",\"host\":\"sip.example.net\",\"trunk_type\":\"peer\"}"),
                configure(ConfigEntity.OUTBOUND_ROUTE, ConfigOperation.UPDATE, "1", "{\"permission\":\"local\"}"),
                configure(ConfigEntity.IVR, ConfigOperation.DELETE, "1", null));
        List<Future<CommandOutcome>> running = burst.stream().map(session::execute).toList();
        List<CommandOutcome> outcomes = running.stream().map(Await::result).toList();

        outcomes.forEach(o -> assertThat(o.status()).as(o.reason()).isEqualTo(CommandStatus.SUCCEEDED));
        assertThat(sim.requestsFor("applyChanges")).hasSize(1);
        assertThat(sim.appliedChanges()).isEqualTo(8);
        assertThat(sim.pendingChanges()).isZero();
        JsonObject apply = new JsonObject(outcomes.get(0).responseJson()).getJsonObject("apply_changes");
        assertThat(apply.getInteger("status")).isZero();
        assertThat(apply.getInteger("batch_changes")).isEqualTo(8);
        assertThat(last("updateSIPAccount").params().getString("fullname")).isEqualTo("Ann Example");
        assertThat(last("updateOutboundRoute").params().getString("outbound_rt_index")).isEqualTo("1");
        assertThat(last("deleteIVR").params().getString("ivr")).isEqualTo("1");
        assertThat(last("addSIPTrunk").params().getString("trunk_name")).isEqualTo("carrier");

        // A refused change is reported with the PBX's code and applies nothing.
        CommandOutcome duplicate = run(configure(ConfigEntity.PAGING_GROUP, ConfigOperation.CREATE, null,
                "{\"extension\":\"8010\",\"paginggroup_name\":\"Floor2\",\"paginggroup_type\":\"2way\"}"));
        assertThat(duplicate.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(duplicate.vendorErrorCode()).isEqualTo("-44");
        assertThat(sim.requestsFor("applyChanges")).hasSize(1);

        // A GET is no change: no applyChanges.
        assertThat(run(configure(ConfigEntity.PAGING_GROUP, ConfigOperation.GET, "8010", null)).status())
                .isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(sim.requestsFor("applyChanges")).hasSize(1);
    }

    @Test
    void tooFrequentApplyIsRetriedAfterTheWait() {
        start(Map.of());
        sim.applyChangesFails(-45, 2);
        CommandOutcome outcome = run(configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"strategy\":\"linear\"}"));

        assertThat(outcome.status()).as(outcome.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(sim.requestsFor("applyChanges")).extracting(RecordedRequest::status).containsExactly(-45, -45, 0);
        assertThat(new JsonObject(outcome.responseJson()).getJsonObject("apply_changes").getInteger("attempts")).isEqualTo(3);
        assertThat(sim.pendingChanges()).isZero();
    }

    @Test
    void applyRefusedDuringAConferenceEndsAsPbxErrorSavedButNotApplied() {
        start(Map.of());
        sim.applyChangesFails(-69, 10);
        CommandOutcome outcome = run(configure(ConfigEntity.IVR, ConfigOperation.UPDATE, "1", "{\"tloop\":2}"));

        assertThat(outcome.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(outcome.vendorErrorCode()).isEqualTo("-69");
        assertThat(outcome.reason()).contains("updateIVR saved on the PBX but not applied")
                .contains("conference").contains("3 attempts");
        assertThat(sim.requestsFor("applyChanges")).hasSize(3);
        assertThat(sim.pendingChanges()).isEqualTo(1);
    }

    @Test
    void queueAgentsAndMulticastPagingThroughVendor() {
        start(Map.of());
        assertThat(run(vendor("loginLogoffQueueAgent", "{\"operatetype\":\"login\",\"interface\":\"1004\",\"extension\":\"6500\"}"))
                .status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(run(vendor("pauseUnpauseQueueAgent", "{\"operatetype\":\"pause\",\"interface\":\"1004\"}")).status())
                .isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(run(vendor("MulticastPaging", "{\"caller\":\"1003\",\"pagingnum\":\"8000\"}")).status())
                .isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(run(vendor("MulticastPagingHangup", "{\"pagingnum\":\"8000\"}")).status()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(last("MulticastPagingHangup").params().getString("pagingnum")).isEqualTo("8000");
        // Agent and paging actions answer need_apply "yes" but are no configuration change: nothing applied.
        assertThat(sim.requestsFor("applyChanges")).isEmpty();
        CommandOutcome again = run(vendor("loginLogoffQueueAgent", "{\"operatetype\":\"login\",\"interface\":\"1004\",\"extension\":\"6500\"}"));
        assertThat(again.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(again.vendorErrorCode()).isEqualTo("-44");
    }

    @Test
    void smallRecordingDownloadsTravelInlineWithTheirHash() throws Exception {
        start(Map.of("recording_inline_max_bytes", "65536", "download_dir", tmp.resolve("downloads").toString()));
        assertThat(run(configure(ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1004", "{\"auto_record\":\"all\"}")).status())
                .isEqualTo(CommandStatus.SUCCEEDED);
        Await.result(sim.runScenario(CallScenario.INTERNAL, "1004", "1005"));

        CommandOutcome listing = run(vendor("recapi", "{\"filedir\":\"monitor\"}"));
        assertThat(listing.status()).as(listing.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        JsonObject list = new JsonObject(listing.responseJson()).getJsonObject("download");
        assertThat(list.getString("encoding")).isEqualTo("text");
        String file = list.getString("content").split(",")[0];
        assertThat(file).startsWith("auto-").endsWith("-1004-1005.wav");

        CommandOutcome small = run(vendor("recapi", "{\"filedir\":\"monitor\",\"filename\":\"" + file + "\"}"));
        assertThat(small.status()).as(small.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        JsonObject inline = new JsonObject(small.responseJson()).getJsonObject("download");
        byte[] wav = Base64.getDecoder().decode(inline.getString("content"));
        assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(inline.getInteger("size")).isEqualTo(wav.length);
        assertThat(inline.getString("sha256")).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav)));
        assertThat(inline.getString("file_name")).isEqualTo(file);
        assertThat(inline.getString("content_type")).contains("audio");
        assertThat(small.responseJson().length()).isLessThan(4 * wav.length);
        assertThat(tmp.resolve("downloads")).doesNotExist(); // inline: nothing stored
    }

    @Test
    void externalTransfersUseTransferNumberInboundAndOutbound() {
        start(Map.of());
        // Outbound: 1003 calls out; transferring the call to another external number moves 1003's party.
        assertThat(run(dial(EndpointKind.EXTENSION, "1003", EndpointKind.EXTERNAL, "0044123456")).status())
                .isEqualTo(CommandStatus.SUCCEEDED);
        String outboundCall = awaitEvent(null, "1003").getCallId();
        Await.until("outbound call bridged", () -> bridgedRow() != null);
        String ch1003 = bridgedRow().getString("channel1");
        CommandOutcome out = run(transfer(target(outboundCall, null, null), EndpointKind.EXTERNAL, "0044999"));
        assertThat(out.status()).as(out.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(last("transferNumberOutbound").params())
                .isEqualTo(new JsonObject().put("channel", ch1003).put("outbound", "0044999"));

        // Inbound: accepted, then sent to an external number by call_id alone.
        sim.runScenario(CallScenario.INBOUND, "0301111", "1001");
        CallEvent request = awaitEvent(CallEventType.INBOUND_REQUEST, "0301111");
        String trunk = request.getParties().get(0).getLegRef();
        assertThat(run(call(CommandAction.ACCEPT_INBOUND, request.getCallId(), null, null)).status()).isEqualTo(CommandStatus.SUCCEEDED);
        CommandOutcome in = run(transfer(target(request.getCallId(), null, null), EndpointKind.EXTERNAL, "0307777"));
        assertThat(in.status()).as(in.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        assertThat(last("transferNumberInbound").params())
                .isEqualTo(new JsonObject().put("channel", trunk).put("callee", "0307777"));
    }

    @Test
    void largeDownloadsAreStoredAndReferencedNotInlined() throws Exception {
        start(Map.of("recording_inline_max_bytes", "512", "download_dir", tmp.resolve("downloads").toString()));
        assertThat(run(configure(ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1004", "{\"auto_record\":\"all\"}")).status())
                .isEqualTo(CommandStatus.SUCCEEDED);
        Await.result(sim.runScenario(CallScenario.INTERNAL, "1004", "1005"));
        String file = new JsonObject(run(vendor("recapi", "{\"filedir\":\"monitor\"}")).responseJson())
                .getJsonObject("download").getString("content").split(",")[0];

        CommandOutcome large = run(vendor("recapi", "{\"filedir\":\"monitor\",\"filename\":\"" + file + "\"}"));

        assertThat(large.status()).as(large.reason()).isEqualTo(CommandStatus.SUCCEEDED);
        JsonObject ref = new JsonObject(large.responseJson()).getJsonObject("download");
        assertThat(ref.containsKey("content")).isFalse();
        assertThat(ref.getBoolean("inline")).isFalse();
        assertThat(ref.getInteger("inline_limit")).isEqualTo(512);
        assertThat(ref.getInteger("size")).isGreaterThan(512);
        assertThat(ref.getJsonObject("fetch").getJsonObject("parameters").getString("filename")).isEqualTo(file);
        Path stored = Path.of(ref.getString("stored_path"));
        byte[] bytes = Files.readAllBytes(stored);
        assertThat(bytes).hasSize(ref.getInteger("size"));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))).isEqualTo(ref.getString("sha256"));
        assertThat(large.responseJson().length()).isLessThan(1024);

        CommandOutcome missing = run(vendor("recapi", "{\"filedir\":\"monitor\",\"filename\":\"auto-1-1-2.wav\"}"));
        assertThat(missing.status()).isEqualTo(CommandStatus.PBX_ERROR);
        assertThat(missing.vendorErrorCode()).isEqualTo("-16");
    }

    @Test
    void unreachablePbxIsPbxUnavailableAndSmsIsNotSupported() {
        start(Map.of());
        CommandOutcome sms = run(sms());
        assertThat(sms.status()).isEqualTo(CommandStatus.NOT_SUPPORTED);
        assertThat(sms.reason()).contains("no SMS");
        assertThat(run(call(CommandAction.HOLD, "1764150000.99", null, null)).status()).isEqualTo(CommandStatus.INVALID);

        Await.result(sim.stop());
        sim = null;
        CommandOutcome down = run(query(QuerySubject.SYSTEM_STATUS, null, Map.of()));
        assertThat(down.status()).isEqualTo(CommandStatus.PBX_UNAVAILABLE);
    }
}
