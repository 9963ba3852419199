package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.pbxbridge.connector.grandstream.sim.SimTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

class ApiConfigAndValidationTest {
    private final Vertx vertx = Vertx.vertx();
    private UcmSimulator sim;
    private SimTestSupport.Api api;

    @BeforeEach
    void start() {
        sim = await(UcmSimulator.start(vertx, SimTestSupport.options()));
        api = new SimTestSupport.Api(vertx, sim.port()).loggedIn();
    }

    @AfterEach
    void tearDown() {
        await(sim.stop());
        await(vertx.close());
    }

    private int status(JsonObject r) {
        return r.getInteger("status");
    }

    @Test
    void missingMandatoryParametersAnswerMinus1() {
        assertThat(status(api.send("dialExtension", "caller", "1000"))).isEqualTo(-1);
        assertThat(status(api.send("Hangup"))).isEqualTo(-1);
        assertThat(status(api.send("getSIPAccount"))).isEqualTo(-1);
        assertThat(status(api.send("callbarge", "channel", "PJSIP/1000-00000001", "exten", "1001", "barge-exten", "1001@0"))).isEqualTo(-1);
        assertThat(status(api.send("addSIPTrunk", "trunk_name", "x", "trunk_type", "peer"))).isEqualTo(-1);
        assertThat(status(api.send("cdrapi"))).isEqualTo(-1);
        assertThat(status(api.send("queueapi", "format", "json"))).isEqualTo(-1);
        assertThat(status(api.send("loginLogoffQueueAgent", "operatetype", "login", "interface", "1000"))).isEqualTo(-1);
    }

    @Test
    void malformedValuesAnswerMinus15() {
        assertThat(status(api.send("dialExtension", "caller", "10a0", "callee", "1001"))).isEqualTo(-15);
        assertThat(status(api.send("updateSIPAccount", "extension", "1000", "vmsecret", "12"))).isEqualTo(-15);
        assertThat(status(api.send("updateSIPAccount", "extension", "1000", "ring_timeout", "700"))).isEqualTo(-15);
        assertThat(status(api.send("updateSIPAccount", "extension", "1", "hasvoicemail", "yes"))).isEqualTo(-15);
        assertThat(status(api.send("addSIPTrunk", "trunk_name", "x", "host", "h", "trunk_type", "sip"))).isEqualTo(-15);
        assertThat(status(api.send("addPaginggroup", "extension", "8100", "paginggroup_name", "p", "paginggroup_type", "4way"))).isEqualTo(-15);
        assertThat(status(api.send("listAccount", "page", "first"))).isEqualTo(-15);
        assertThat(status(api.send("listAccount", "sord", "up"))).isEqualTo(-15);
        assertThat(status(api.send("cdrapi", "format", "json", "numRecords", "1001"))).isEqualTo(-15);
        assertThat(status(api.send("cdrapi", "format", "pdf"))).isEqualTo(-15);
        assertThat(status(api.send("callbarge", "channel", "PJSIP/1000-00000001", "exten", "1001", "mode", "X", "barge-exten", "1001@0")))
                .isEqualTo(-15);
        assertThat(status(api.send("playPromptByOrg", "type", "song", "channel", "1000", "variable", "p"))).isEqualTo(-15);
    }

    @Test
    void unknownEntriesAnswerMinus16AndDuplicatesMinus44() {
        assertThat(status(api.send("getSIPAccount", "extension", "4999"))).isEqualTo(-16);
        assertThat(status(api.send("dialExtension", "caller", "1000", "callee", "4999"))).isEqualTo(-16);
        assertThat(status(api.send("Hangup", "channel", "PJSIP/1000-0000ffff"))).isEqualTo(-16);
        assertThat(status(api.send("getQueue", "queue", "6999"))).isEqualTo(-16);
        assertThat(status(api.send("deleteSIPTrunk", "trunk", "99"))).isEqualTo(-16);
        assertThat(status(api.send("addSIPTrunk", "trunk_name", "Provider1", "host", "h", "trunk_type", "peer"))).isEqualTo(-44);
        assertThat(status(api.send("addPaginggroup", "extension", "1000", "paginggroup_name", "p", "paginggroup_type", "1way"))).isEqualTo(-44);
    }

    @Test
    void registerTrunksNeedUsernameAndSecretPeerTrunksDoNot() {
        assertThat(status(api.send("addSIPTrunk", "trunk_name", "Reg", "host", "sip.example", "trunk_type", "register"))).isEqualTo(-1);
        assertThat(status(api.send("addSIPTrunk", "trunk_name", "Reg", "host", "sip.example", "trunk_type", "register",
                "username", "u", "secret", "p4ss"))).isZero();
        assertThat(status(api.send("addSIPTrunk", "trunk_name", "Peer", "host", "10.0.0.1", "trunk_type", "peer"))).isZero();
    }

    @Test
    void listsArePagedSortedAndProjected() {
        JsonObject r = api.send("listAccount", "item_num", "4", "page", "2", "sidx", "extension", "sord", "desc",
                "options", "extension,status");
        assertThat(status(r)).isZero();
        JsonObject resp = r.getJsonObject("response");
        assertThat(resp.getInteger("total_item")).isEqualTo(6);
        assertThat(resp.getInteger("total_page")).isEqualTo(2);
        assertThat(resp.getInteger("page")).isEqualTo(2);
        JsonArray accounts = resp.getJsonArray("account");
        assertThat(accounts).hasSize(2);
        assertThat(accounts.getJsonObject(0).getString("extension")).isEqualTo("1001");
        assertThat(accounts.getJsonObject(1).getString("extension")).isEqualTo("1000");
        assertThat(accounts.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("extension", "status");

        JsonObject all = api.send("listAccount").getJsonObject("response");
        assertThat(all.getJsonArray("account")).hasSize(6);
        assertThat(all.getInteger("total_page")).isEqualTo(1);

        JsonObject trunks = api.send("listVoIPTrunk", "options", "trunk_index,trunk_name,trunk_type").getJsonObject("response");
        assertThat(trunks.getJsonArray("voip_trunk")).hasSize(2);
        assertThat(trunks.getJsonArray("voip_trunk").getJsonObject(0).getString("trunk_type")).isEqualTo("peer");

        assertThat(api.send("listInboundRoute", "trunk_index", "1").getJsonObject("response").getJsonArray("inbound_route")).hasSize(1);
        assertThat(api.send("listQueue").getJsonObject("response").getJsonArray("queue")).hasSize(1);
        assertThat(api.send("listPaginggroup").getJsonObject("response").getJsonArray("paginggroup")).hasSize(1);
        assertThat(api.send("listIVR").getJsonObject("response").getJsonArray("ivr")).hasSize(1);
        assertThat(api.send("listExtensionGroup").getJsonObject("response").getJsonArray("extension_group")).hasSize(1);
        assertThat(api.send("listPinSets").getJsonObject("response").getJsonArray("pin_sets_id")).hasSize(1);
        assertThat(api.send("listOutboundRoute").getJsonObject("response").getJsonArray("outbound_route")).hasSize(1);
        // listUser answers a bare array, as the seed's example shows.
        assertThat(api.send("listUser", "item_num", "10").getJsonArray("response")).hasSize(7);
        assertThat(api.send("getUser", "user_name", "1000").getJsonObject("response").getJsonObject("user_name").getString("last_name"))
                .isEqualTo("1000");
    }

    @Test
    void configurationChangesNeedApplyAndApplyChangesAppliesThemAtOnce() {
        JsonObject add = api.send("addSIPTrunk", "trunk_name", "Carrier", "host", "198.51.100.7", "trunk_type", "peer");
        assertThat(add.getJsonObject("response").getString("need_apply")).isEqualTo("yes");
        JsonObject upd = api.send("updateSIPAccount", "extension", "1001", "fullname", "Alice", "vmsecret", "1234");
        assertThat(status(upd)).isZero();
        assertThat(upd.getJsonObject("response").getString("need_apply")).isEqualTo("yes");
        assertThat(api.send("addQueue", "extension", "6600", "queue_name", "Sales", "leavewhenempty", "no", "joinempty", "yes",
                "ringtime", "30", "strategy", "linear", "wrapuptime", "5", "maxlen", "10", "auto_record", "off",
                "queue_timeout", "60").getJsonObject("response").getString("need_apply")).isEqualTo("yes");
        assertThat(sim.pendingChanges()).isEqualTo(3);

        JsonObject trunk = api.send("getSIPTrunk", "trunk", "3").getJsonObject("response").getJsonObject("trunk");
        assertThat(trunk.getString("trunk_name")).isEqualTo("Carrier");
        assertThat(api.send("getSIPAccount", "extension", "1001").getJsonObject("response").getJsonObject("extension")
                .getString("fullname")).isEqualTo("Alice");

        JsonObject apply = api.send("applyChanges");
        assertThat(status(apply)).isZero();
        assertThat(apply.getJsonObject("response").getString("settings")).isEqualTo("0");
        assertThat(sim.pendingChanges()).isZero();
        assertThat(sim.appliedChanges()).isEqualTo(3);

        assertThat(status(api.send("deleteQueue", "queue", "6600"))).isZero();
        assertThat(status(api.send("getQueue", "queue", "6600"))).isEqualTo(-16);
        assertThat(sim.pendingChanges()).isEqualTo(1);
    }

    @Test
    void applyChangesFaultAnswersTheArmedStatusThenRecovers() {
        api.send("updateUser", "user_name", "1000", "email", "a@b.null");
        sim.applyChangesFails(-45, 2);
        assertThat(status(api.send("applyChanges"))).isEqualTo(-45);
        assertThat(status(api.send("applyChanges"))).isEqualTo(-45);
        assertThat(sim.pendingChanges()).isEqualTo(1);
        assertThat(status(api.send("applyChanges"))).isZero();
        assertThat(sim.pendingChanges()).isZero();
        sim.applyChangesFails(-98, 1);
        assertThat(status(api.send("applyChanges"))).isEqualTo(-98);
    }

    @Test
    void routesQueuesPagingAndIvrsCanBeCreatedUpdatedAndDeleted() {
        assertThat(status(api.send("addOutboundRoute", "outbound_rt_name", "Intl", "default_trunk_index", "2", "pattern", "_00."))).isZero();
        assertThat(status(api.send("addOutboundRoute", "outbound_rt_name", "x", "default_trunk_index", "2"))).isEqualTo(-15);
        assertThat(status(api.send("updateOutboundRoute", "outbound_rt_index", "2", "permission", "international"))).isZero();
        assertThat(api.send("getOutboundRoute", "outbound_route", "2").getJsonObject("response").getJsonObject("outbound_route")
                .getString("permission")).isEqualTo("international");
        JsonObject route = api.send("getOutboundRoute", "outbound_route", "2").getJsonObject("response");
        assertThat(route.getJsonArray("pattern").getJsonObject(0).getString("match")).isEqualTo("_00.");
        assertThat(route.getJsonArray("failover_outbound_data")).isEmpty();
        assertThat(status(api.send("deleteOutboundRoute", "outbound_route", "2"))).isZero();
        assertThat(api.send("getInboundRoute", "inbound_route", "1").getJsonObject("response").getJsonObject("inbound_routes")
                .getInteger("trunk_index")).isEqualTo(1);

        assertThat(status(api.send("addInboundRoute", "trunk_index", "2", "did_pattern_match", "_5551"))).isZero();
        assertThat(status(api.send("addInboundRoute", "trunk_index", "2", "did_pattern_match", "_5551"))).isEqualTo(-44);
        assertThat(status(api.send("updateInboundRoute", "inbound_route", "3", "did_pattern_match", "_5552"))).isEqualTo(-1);
        assertThat(status(api.send("updateInboundRoute", "inbound_route", "3", "did_pattern_match", "_5552",
                "multi_mode", "no", "time_condition", "[]"))).isZero();
        assertThat(status(api.send("deleteInboundRoute", "inbound_route", "3"))).isZero();

        assertThat(status(api.send("addIVR", "ivr_name", "Night", "extension", "7100", "welcome_prompt", "w",
                "response_timeout", "10", "digit_timeout", "3", "timeout_prompt", "t", "invalid_prompt", "i", "tloop", "3", "iloop", "3"))).isZero();
        assertThat(status(api.send("updateIVR", "ivr", "2", "tloop", "11"))).isEqualTo(-15);
        assertThat(status(api.send("deleteIVR", "ivr", "2"))).isZero();

        assertThat(status(api.send("addPaginggroup", "extension", "8100", "paginggroup_name", "Floor", "paginggroup_type", "1way"))).isZero();
        assertThat(status(api.send("updatePaginggroup", "paginggroup", "8100", "extension", "8100", "paginggroup_name", "Floor2",
                "paginggroup_type", "2way"))).isZero();
        assertThat(api.send("getPaginggroup", "paginggroup", "8100").getJsonObject("response").getJsonObject("paginggroup")
                .getString("paginggroup_type")).isEqualTo("2way");
        assertThat(status(api.send("deletePaginggroup", "paginggroup", "8100"))).isZero();
        assertThat(sim.pendingChanges()).isEqualTo(11);
    }
}
