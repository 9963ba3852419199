package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.ConfigEntity;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.EndpointKind;
import io.pbxbridge.schema.MonitorMode;
import io.pbxbridge.schema.QuerySubject;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.pbxbridge.connector.grandstream.command.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Every command kind → the exact seed-004 action(s) and parameters. */
class UcmCommandMapperTest {

    record Row(String name, Command command, UcmRequest.Handling handling, List<String[]> calls) {
    }

    private static Row row(String name, Command command, String action, String params) {
        return new Row(name, command, UcmRequest.Handling.PLAIN, List.<String[]>of(new String[]{action, params}));
    }

    private static Row change(String name, Command command, String action, String params) {
        return new Row(name, command, UcmRequest.Handling.CONFIG_CHANGE, List.<String[]>of(new String[]{action, params}));
    }

    private static Row download(String name, Command command, String action, String params) {
        return new Row(name, command, UcmRequest.Handling.DOWNLOAD, List.<String[]>of(new String[]{action, params}));
    }

    static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        // DIAL
        r.add(row("dial ext→ext", dial(EndpointKind.EXTENSION, "1000", EndpointKind.EXTENSION, "1001"),
                "dialExtension", "{\"caller\":\"1000\",\"callee\":\"1001\"}"));
        r.add(row("dial ext→external", dial(EndpointKind.EXTENSION, "1000", EndpointKind.EXTERNAL, "+4930123"),
                "dialOutbound", "{\"caller\":\"1000\",\"outbound\":\"+4930123\"}"));
        r.add(row("dial external→external", dial(EndpointKind.EXTERNAL, "0301", EndpointKind.EXTERNAL, "0302"),
                "dialOutboundTwo", "{\"outcaller\":\"0301\",\"outcallee\":\"0302\"}"));
        r.add(row("dial ext→IVR", dial(EndpointKind.EXTENSION, "1000", EndpointKind.IVR, "7000"),
                "dialIVR", "{\"caller\":\"1000\",\"ivrnumber\":\"7000\"}"));
        r.add(row("dial external→IVR", dial(EndpointKind.EXTERNAL, "0301", EndpointKind.IVR, "7000"),
                "dialIVROutbound", "{\"outcaller\":\"0301\",\"ivrnumber\":\"7000\"}"));
        r.add(row("dial →queue", dial(EndpointKind.EXTERNAL, "0301", EndpointKind.QUEUE, "6500"),
                "dialQueue", "{\"outcaller\":\"0301\",\"queue\":\"6500\"}"));
        r.add(row("dial →ring group", dial(EndpointKind.EXTENSION, "1000", EndpointKind.RING_GROUP, "6400"),
                "dialRinggroup", "{\"outcaller\":\"1000\",\"ringgroup\":\"6400\"}"));
        // HANGUP
        r.add(row("hangup by leg_ref", call(CommandAction.HANGUP, null, INTERNAL_B, null),
                "Hangup", "{\"channel\":\"" + INTERNAL_B + "\"}"));
        r.add(row("hangup by call_id → trunk leg", call(CommandAction.HANGUP, INBOUND_CALL, null, null),
                "Hangup", "{\"channel\":\"" + INBOUND_TRUNK + "\"}"));
        r.add(row("hangup internal call by call_id → first extension", call(CommandAction.HANGUP, INTERNAL_CALL, null, null),
                "Hangup", "{\"channel\":\"" + INTERNAL_A + "\"}"));
        r.add(row("hangup by call_id+extension", call(CommandAction.HANGUP, INTERNAL_CALL, null, "1004"),
                "Hangup", "{\"channel\":\"" + INTERNAL_B + "\"}"));
        // HOLD / RESUME / MUTE / UNMUTE
        r.add(row("hold by call_id (only extension leg)", call(CommandAction.HOLD, INBOUND_CALL, null, null),
                "hold", "{\"channel\":\"" + INBOUND_EXT + "\"}"));
        r.add(row("resume by extension only", call(CommandAction.RESUME, null, null, "1002"),
                "unhold", "{\"channel\":\"" + OUTBOUND_EXT + "\"}"));
        r.add(row("mute by leg_ref", call(CommandAction.MUTE, null, INTERNAL_A, null),
                "mute", "{\"channel\":\"" + INTERNAL_A + "\"}"));
        r.add(row("unmute by call_id+extension", call(CommandAction.UNMUTE, INTERNAL_CALL, null, "1003"),
                "unmute", "{\"channel\":\"" + INTERNAL_A + "\"}"));
        // ACCEPT / REFUSE
        r.add(row("accept by leg_ref", call(CommandAction.ACCEPT_INBOUND, null, INBOUND_TRUNK, null),
                "acceptCall", "{\"channel\":\"" + INBOUND_TRUNK + "\"}"));
        r.add(row("refuse by call_id", call(CommandAction.REFUSE_INBOUND, INBOUND_CALL, null, null),
                "refuseCall", "{\"channel\":\"" + INBOUND_TRUNK + "\"}"));
        // MONITOR
        r.add(row("monitor listen", monitor(MonitorMode.LISTEN, "1009", target(INBOUND_CALL, null, null)),
                "callbarge", "{\"channel\":\"" + INBOUND_EXT + "\",\"exten\":\"1009\",\"mode\":\"\",\"barge-exten\":\"1001\"}"));
        r.add(row("monitor whisper", monitor(MonitorMode.WHISPER, "1009", target(null, INTERNAL_B, null)),
                "callbarge", "{\"channel\":\"" + INTERNAL_B + "\",\"exten\":\"1009\",\"mode\":\"W\",\"barge-exten\":\"1004\"}"));
        r.add(row("monitor barge", monitor(MonitorMode.BARGE, "1009", target(INTERNAL_CALL, null, "1003")),
                "callbarge", "{\"channel\":\"" + INTERNAL_A + "\",\"exten\":\"1009\",\"mode\":\"B\",\"barge-exten\":\"1003\"}"));
        // TRANSFER
        r.add(row("transfer to extension", transfer(target(INBOUND_CALL, null, null), EndpointKind.EXTENSION, "1005"),
                "callTransfer", "{\"channel\":\"" + INBOUND_EXT + "\",\"extension\":\"1005\"}"));
        r.add(row("transfer to queue", transfer(target(INTERNAL_CALL, null, "1003"), EndpointKind.QUEUE, "6500"),
                "callTransfer", "{\"channel\":\"" + INTERNAL_A + "\",\"extension\":\"6500\"}"));
        r.add(row("transfer inbound to external", transfer(target(INBOUND_CALL, null, null), EndpointKind.EXTERNAL, "0307777"),
                "transferNumberInbound", "{\"channel\":\"" + INBOUND_TRUNK + "\",\"callee\":\"0307777\"}"));
        r.add(row("transfer outbound to external", transfer(target(OUTBOUND_CALL, null, null), EndpointKind.EXTERNAL, "0308888"),
                "transferNumberOutbound", "{\"channel\":\"" + OUTBOUND_EXT + "\",\"outbound\":\"0308888\"}"));
        r.add(row("transfer inbound to external naming the extension leg", transfer(target(INBOUND_CALL, INBOUND_EXT, null),
                        EndpointKind.EXTERNAL, "0307777"),
                "transferNumberInbound", "{\"channel\":\"" + INBOUND_TRUNK + "\",\"callee\":\"0307777\"}"));
        r.add(row("transfer untracked trunk channel to external", transfer(target(null, "PJSIP/trunk_3-0000abcd", null),
                EndpointKind.EXTERNAL, "0307777"),
                "transferNumberInbound", "{\"channel\":\"PJSIP/trunk_3-0000abcd\",\"callee\":\"0307777\"}"));
        // PLAY_PROMPT
        r.add(row("prompt ivr (default type)", prompt("1000", "welcome"),
                "playPromptByOrg", "{\"channel\":\"1000\",\"type\":\"ivr\",\"variable\":\"welcome\"}"));
        r.add(row("prompt moh", prompt("1000", "moh:default"),
                "playPromptByOrg", "{\"channel\":\"1000\",\"type\":\"moh\",\"variable\":\"default\"}"));
        // QUERY
        r.add(row("query system status", query(QuerySubject.SYSTEM_STATUS, null, Map.of()), "getSystemStatus", "{}"));
        r.add(row("query system info", query(QuerySubject.SYSTEM_INFO, null, Map.of()), "getSystemGeneralStatus", "{}"));
        r.add(row("query extensions paged", query(QuerySubject.EXTENSIONS, null, Map.of("page", "2", "item_num", "50")),
                "listAccount", "{\"page\":\"2\",\"item_num\":\"50\"}"));
        r.add(row("query extension", query(QuerySubject.EXTENSION, "1000", Map.of()), "getSIPAccount", "{\"extension\":\"1000\"}"));
        r.add(row("query trunks", query(QuerySubject.TRUNKS, null, Map.of()), "listVoIPTrunk", "{}"));
        r.add(row("query trunk", query(QuerySubject.TRUNK, "1", Map.of()), "getSIPTrunk", "{\"trunk\":\"1\"}"));
        r.add(row("query inbound routes", query(QuerySubject.INBOUND_ROUTES, "1", Map.of()), "listInboundRoute", "{\"trunk_index\":\"1\"}"));
        r.add(row("query outbound routes", query(QuerySubject.OUTBOUND_ROUTES, null, Map.of()), "listOutboundRoute", "{}"));
        r.add(row("query queues", query(QuerySubject.QUEUES, null, Map.of()), "listQueue", "{}"));
        r.add(row("query queue", query(QuerySubject.QUEUE, "6500", Map.of()), "getQueue", "{\"queue\":\"6500\"}"));
        r.add(row("query IVRs", query(QuerySubject.IVRS, null, Map.of()), "listIVR", "{}"));
        r.add(row("query IVR", query(QuerySubject.IVR, "ivr-1", Map.of()), "getIVR", "{\"ivr\":\"ivr-1\"}"));
        r.add(row("query users", query(QuerySubject.USERS, null, Map.of()), "listUser", "{}"));
        r.add(new Row("query active calls", query(QuerySubject.ACTIVE_CALLS, null, Map.of()), UcmRequest.Handling.PLAIN,
                List.of(new String[]{"listBridgedChannels", "{}"}, new String[]{"listUnBridgedChannels", "{}"})));
        r.add(download("query CDRs", query(QuerySubject.CDRS, null, Map.of("caller", "1000", "startTime", "2026-11-26T00:00:00")),
                "cdrapi", "{\"caller\":\"1000\",\"startTime\":\"2026-11-26T00:00:00\",\"format\":\"json\",\"numRecords\":\"100\"}"));
        // CONFIGURE
        r.add(change("update SIP account", configure(ConfigEntity.EXTENSION, ConfigOperation.UPDATE, "1000", "{\"fullname\":\"Ann\"}"),
                "updateSIPAccount", "{\"fullname\":\"Ann\",\"extension\":\"1000\"}"));
        r.add(row("get SIP account", configure(ConfigEntity.EXTENSION, ConfigOperation.GET, "1000", null),
                "getSIPAccount", "{\"extension\":\"1000\"}"));
        r.add(row("list SIP accounts", configure(ConfigEntity.EXTENSION, ConfigOperation.LIST, null, null), "listAccount", "{}"));
        r.add(change("add SIP trunk", configure(ConfigEntity.TRUNK, ConfigOperation.CREATE, null,
                        "{\"trunk_name\":\"carrier\",\"host\":\"sip.example.net\",\"trunk_type\":\"peer\"}"),
                "addSIPTrunk", "{\"trunk_name\":\"carrier\",\"host\":\"sip.example.net\",\"trunk_type\":\"peer\"}"));
        r.add(change("update SIP trunk", configure(ConfigEntity.TRUNK, ConfigOperation.UPDATE, "2", "{\"host\":\"h\"}"),
                "updateSIPTrunk", "{\"host\":\"h\",\"trunk\":\"2\"}"));
        r.add(change("delete SIP trunk", configure(ConfigEntity.TRUNK, ConfigOperation.DELETE, "2", null),
                "deleteSIPTrunk", "{\"trunk\":\"2\"}"));
        r.add(row("get SIP trunk", configure(ConfigEntity.TRUNK, ConfigOperation.GET, "2", null), "getSIPTrunk", "{\"trunk\":\"2\"}"));
        r.add(row("list SIP trunks", configure(ConfigEntity.TRUNK, ConfigOperation.LIST, null, null), "listVoIPTrunk", "{}"));
        r.add(change("add inbound route", configure(ConfigEntity.INBOUND_ROUTE, ConfigOperation.CREATE, null,
                        "{\"trunk_index\":\"1\",\"did_pattern_match\":\"_X.\"}"),
                "addInboundRoute", "{\"trunk_index\":\"1\",\"did_pattern_match\":\"_X.\"}"));
        r.add(change("update inbound route", configure(ConfigEntity.INBOUND_ROUTE, ConfigOperation.UPDATE, "3",
                        "{\"did_pattern_match\":\"_X.\",\"multi_mode\":\"no\",\"time_condition\":\"no\"}"),
                "updateInboundRoute", "{\"did_pattern_match\":\"_X.\",\"multi_mode\":\"no\",\"time_condition\":\"no\",\"inbound_route\":\"3\"}"));
        r.add(change("delete inbound route", configure(ConfigEntity.INBOUND_ROUTE, ConfigOperation.DELETE, "3", null),
                "deleteInboundRoute", "{\"inbound_route\":\"3\"}"));
        r.add(row("get inbound route", configure(ConfigEntity.INBOUND_ROUTE, ConfigOperation.GET, "3", null),
                "getInboundRoute", "{\"inbound_route\":\"3\"}"));
        r.add(row("list inbound routes", configure(ConfigEntity.INBOUND_ROUTE, ConfigOperation.LIST, "1", null),
                "listInboundRoute", "{\"trunk_index\":\"1\"}"));
        r.add(change("add outbound route", configure(ConfigEntity.OUTBOUND_ROUTE, ConfigOperation.CREATE, null,
                        "{\"outbound_rt_name\":\"out1\",\"default_trunk_index\":\"1\",\"pattern\":\"_9.\"}"),
                "addOutboundRoute", "{\"outbound_rt_name\":\"out1\",\"default_trunk_index\":\"1\",\"pattern\":\"_9.\"}"));
        r.add(change("update outbound route", configure(ConfigEntity.OUTBOUND_ROUTE, ConfigOperation.UPDATE, "2", "{\"permission\":\"local\"}"),
                "updateOutboundRoute", "{\"permission\":\"local\",\"outbound_rt_index\":\"2\"}"));
        r.add(change("delete outbound route", configure(ConfigEntity.OUTBOUND_ROUTE, ConfigOperation.DELETE, "2", null),
                "deleteOutboundRoute", "{\"outbound_route\":\"2\"}"));
        r.add(row("get outbound route", configure(ConfigEntity.OUTBOUND_ROUTE, ConfigOperation.GET, "2", null),
                "getOutboundRoute", "{\"outbound_route\":\"2\"}"));
        r.add(row("list outbound routes", configure(ConfigEntity.OUTBOUND_ROUTE, ConfigOperation.LIST, null, null), "listOutboundRoute", "{}"));
        r.add(change("add queue", configure(ConfigEntity.QUEUE, ConfigOperation.CREATE, null, "{\"extension\":\"6510\",\"queue_name\":\"q\"}"),
                "addQueue", "{\"extension\":\"6510\",\"queue_name\":\"q\"}"));
        r.add(change("update queue", configure(ConfigEntity.QUEUE, ConfigOperation.UPDATE, "6500", "{\"members\":\"1000,1001\"}"),
                "updateQueue", "{\"members\":\"1000,1001\",\"queue\":\"6500\"}"));
        r.add(change("delete queue", configure(ConfigEntity.QUEUE, ConfigOperation.DELETE, "6500", null), "deleteQueue", "{\"queue\":\"6500\"}"));
        r.add(row("get queue", configure(ConfigEntity.QUEUE, ConfigOperation.GET, "6500", null), "getQueue", "{\"queue\":\"6500\"}"));
        r.add(row("list queues", configure(ConfigEntity.QUEUE, ConfigOperation.LIST, null, null), "listQueue", "{}"));
        r.add(change("add paging group", configure(ConfigEntity.PAGING_GROUP, ConfigOperation.CREATE, null,
                        "{\"extension\":\"8005\",\"paginggroup_name\":\"all\",\"paginggroup_type\":\"2way\"}"),
                "addPaginggroup", "{\"extension\":\"8005\",\"paginggroup_name\":\"all\",\"paginggroup_type\":\"2way\"}"));
        r.add(change("update paging group", configure(ConfigEntity.PAGING_GROUP, ConfigOperation.UPDATE, "8005", "{\"members\":\"1000\"}"),
                "updatePaginggroup", "{\"members\":\"1000\",\"paginggroup\":\"8005\"}"));
        r.add(change("delete paging group", configure(ConfigEntity.PAGING_GROUP, ConfigOperation.DELETE, "8005", null),
                "deletePaginggroup", "{\"paginggroup\":\"8005\"}"));
        r.add(row("get paging group", configure(ConfigEntity.PAGING_GROUP, ConfigOperation.GET, "8005", null),
                "getPaginggroup", "{\"paginggroup\":\"8005\"}"));
        r.add(row("list paging groups", configure(ConfigEntity.PAGING_GROUP, ConfigOperation.LIST, null, null), "listPaginggroup", "{}"));
        r.add(change("add IVR", configure(ConfigEntity.IVR, ConfigOperation.CREATE, null, "{\"ivr_name\":\"main\",\"extension\":\"7001\"}"),
                "addIVR", "{\"ivr_name\":\"main\",\"extension\":\"7001\"}"));
        r.add(change("update IVR", configure(ConfigEntity.IVR, ConfigOperation.UPDATE, "ivr-1", "{\"tloop\":3}"),
                "updateIVR", "{\"tloop\":3,\"ivr\":\"ivr-1\"}"));
        r.add(change("delete IVR", configure(ConfigEntity.IVR, ConfigOperation.DELETE, "ivr-1", null), "deleteIVR", "{\"ivr\":\"ivr-1\"}"));
        r.add(row("get IVR", configure(ConfigEntity.IVR, ConfigOperation.GET, "ivr-1", null), "getIVR", "{\"ivr\":\"ivr-1\"}"));
        r.add(row("list IVRs", configure(ConfigEntity.IVR, ConfigOperation.LIST, null, null), "listIVR", "{}"));
        r.add(change("update user", configure(ConfigEntity.USER, ConfigOperation.UPDATE, "1083", "{\"email\":\"a@b.c\"}"),
                "updateUser", "{\"email\":\"a@b.c\",\"user_name\":\"1083\"}"));
        r.add(row("get user", configure(ConfigEntity.USER, ConfigOperation.GET, "1083", null), "getUser", "{\"user_name\":\"1083\"}"));
        r.add(row("list users", configure(ConfigEntity.USER, ConfigOperation.LIST, null, null), "listUser", "{}"));
        // VENDOR
        r.add(row("vendor queue agent login", vendor("loginLogoffQueueAgent",
                        "{\"operatetype\":\"login\",\"interface\":\"1001\",\"extension\":\"6500\"}"),
                "loginLogoffQueueAgent", "{\"operatetype\":\"login\",\"interface\":\"1001\",\"extension\":\"6500\"}"));
        r.add(row("vendor multicast paging", vendor("MulticastPaging", "{\"caller\":\"1004\",\"pagingnum\":\"8005\"}"),
                "MulticastPaging", "{\"caller\":\"1004\",\"pagingnum\":\"8005\"}"));
        r.add(change("vendor config change", vendor("updateSIPAccount", "{\"extension\":\"1000\"}"),
                "updateSIPAccount", "{\"extension\":\"1000\"}"));
        r.add(download("vendor recapi", vendor("recapi", "{\"filedir\":\"monitor\",\"filename\":\"auto-1-1000-1001.wav\"}"),
                "recapi", "{\"filedir\":\"monitor\",\"filename\":\"auto-1-1000-1001.wav\"}"));
        r.add(download("vendor pmsapi", vendor("pmsapi", "{\"format\":\"xml\",\"token\":\"16c4a7b1fe890f89c8908f3f522fc18f\",\"data\":\"<pms_data_request/>\"}"),
                "pmsapi", "{\"format\":\"xml\",\"token\":\"16c4a7b1fe890f89c8908f3f522fc18f\",\"data\":\"<pms_data_request/>\"}"));
        r.add(download("vendor queueapi", vendor("queueapi", "{\"startTime\":\"2026-11-01\",\"format\":\"json\"}"),
                "queueapi", "{\"startTime\":\"2026-11-01\",\"format\":\"json\"}"));
        // Action names in another letter case are handled as their usual spelling (applyChanges, summaries).
        r.add(change("vendor config change in upper case", vendor("DELETESIPTRUNK", "{\"trunk\":\"2\"}"),
                "DELETESIPTRUNK", "{\"trunk\":\"2\"}"));
        r.add(download("vendor CDRAPI", vendor("CDRAPI", "{\"format\":\"csv\"}"), "CDRAPI", "{\"format\":\"csv\"}"));
        return r;
    }

    static Stream<Arguments> cases() {
        return rows().stream().map(r -> Arguments.of(r.name(), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsToTheSeedActionAndParameters(String name, Row row) {
        UcmRequest request = new UcmCommandMapper(Fixtures.tracker()).map(row.command());

        assertThat(request.handling()).isEqualTo(row.handling());
        assertThat(request.calls()).hasSize(row.calls().size());
        for (int i = 0; i < row.calls().size(); i++) {
            assertThat(request.calls().get(i).action()).isEqualTo(row.calls().get(i)[0]);
            assertThat(request.calls().get(i).params()).isEqualTo(new JsonObject(row.calls().get(i)[1]));
        }
    }

    @Test
    void everyCommandActionExceptSmsIsCovered() {
        Set<CommandAction> covered = EnumSet.noneOf(CommandAction.class);
        rows().forEach(r -> covered.add(r.command().getAction()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                EnumSet.complementOf(EnumSet.of(CommandAction.UNKNOWN, CommandAction.SEND_SMS)));
    }

    @Test
    void everyConfigurableEntityAndEveryQuerySubjectTheSeedHasIsCovered() {
        Set<ConfigEntity> entities = EnumSet.noneOf(ConfigEntity.class);
        Set<QuerySubject> subjects = EnumSet.noneOf(QuerySubject.class);
        for (Row r : rows()) {
            if (r.command().getConfigure() != null) {
                entities.add(r.command().getConfigure().getEntity());
            }
            if (r.command().getQuery() != null) {
                subjects.add(r.command().getQuery().getSubject());
            }
        }
        assertThat(entities).containsExactlyInAnyOrderElementsOf(UcmConfigureMapper.ACTIONS.keySet());
        assertThat(subjects).containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(QuerySubject.UNKNOWN,
                QuerySubject.INBOUND_CALLS, QuerySubject.OUTBOUND_CALLS, QuerySubject.RING_GROUPS)));
    }
}
