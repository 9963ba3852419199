package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PBX configuration the simulator keeps: extensions, trunks, routes, queues, paging groups, IVRs,
 * users, extension groups, PIN sets and ring groups, seeded from the options with plausible values shaped
 * like the seed-004 examples. Changes are stored at once (lists show them) and counted as pending until
 * {@code applyChanges}, as on the PBX where "Apply Changes" reloads the telephony core.
 */
final class SimConfig {
    final ConfigTable accounts = new ConfigTable("extension", "extension");
    final ConfigTable trunks = new ConfigTable("trunk", "trunk_index");
    final ConfigTable outboundRoutes = new ConfigTable("outbound route", "outbound_rt_index");
    final ConfigTable inboundRoutes = new ConfigTable("inbound route", "inbound_rt_index");
    final ConfigTable queues = new ConfigTable("queue", "extension");
    final ConfigTable pagingGroups = new ConfigTable("paging group", "extension");
    final ConfigTable ivrs = new ConfigTable("IVR", "ivr_id");
    final ConfigTable users = new ConfigTable("user", "user_name");
    final ConfigTable extensionGroups = new ConfigTable("extension group", "group_id");
    final ConfigTable pinSets = new ConfigTable("PIN set", "pin_sets_id");
    final ConfigTable ringGroups = new ConfigTable("ring group", "extension");
    /** queue number → logged-in dynamic agents, and agent → paused. */
    final Map<String, Set<String>> queueAgents = new LinkedHashMap<>();
    final Set<String> pausedAgents = new LinkedHashSet<>();
    // Written on the simulator's event loop, read by tests from other threads.
    private volatile int pendingChanges;
    private volatile long appliedChanges;

    SimConfig(UcmSimulatorOptions o) {
        List<String> exts = new ArrayList<>();
        for (int i = 0; i < o.extensionCount(); i++) {
            String ext = String.valueOf(o.firstExtension() + i);
            exts.add(ext);
            accounts.put(new JsonObject()
                    .put("extension", ext).put("account_type", "SIP").put("fullname", "User " + ext)
                    .put("out_of_service", "no").put("status", "Idle")
                    .put("addr", "192.168.5." + (10 + i % 240) + ":5060").put("urgemsg", 0).put("newmsg", 0)
                    .put("oldmsg", 0).put("presence_status", "available")
                    .put("cidnumber", ext).put("secret", "pw" + ext + "x").put("vmsecret", "5" + ext)
                    .put("hasvoicemail", "yes").put("skip_vmsecret", "no").put("ring_timeout", null)
                    .put("permission", "internal").put("auto_record", "off").put("encryption", "no")
                    .put("faxdetect", "no").put("sendtofax", null).put("strategy_ipacl", 0).put("max_contacts", 1)
                    .put("nat", "yes").put("enable_webrtc", "no").put("alertinfo", null));
            users.put(new JsonObject().put("user_id", i + 1).put("user_name", ext).put("privilege", 3)
                    .put("department", null).put("first_name", "User").put("last_name", ext)
                    .put("email", null).put("language", "default").put("fax", null).put("family_number", null)
                    .put("phone_number", null).put("login_time", null).put("ip", null)
                    .put("enable_multiple_extension", "no").put("multiple_extension", null).put("email_to_user", "no"));
        }
        users.put(new JsonObject().put("user_id", 0).put("user_name", "admin").put("privilege", 0)
                .put("department", null).put("first_name", null).put("last_name", null).put("email", null)
                .put("language", null).put("fax", null).put("family_number", null).put("phone_number", null)
                .put("login_time", null).put("ip", null).put("enable_multiple_extension", "no")
                .put("multiple_extension", null).put("email_to_user", "no"));
        for (int t = 1; t <= o.trunkCount(); t++) {
            trunks.put(new JsonObject().put("trunk_index", t).put("trunk_name", "Provider" + t)
                    .put("host", "203.0.113." + t).put("trunk_type", "peer").put("username", null)
                    .put("technology", "SIP").put("ldap_sync_enable", "no").put("out_of_service", "no")
                    .put("nat", "no").put("keepcid", "no").put("qualifyfreq", 60).put("secret", null)
                    .put("label", "SIP Trunk " + t));
            inboundRoutes.put(new JsonObject().put("inbound_rt_index", t).put("trunk_index", t)
                    .put("did_pattern_match", "_X.").put("destination_type", "account").put("account", exts.get(0))
                    .put("permission", "internal").put("out_of_service", "no").put("en_multi_mode", "no")
                    .put("multi_mode", "no").put("time_condition", null));
        }
        outboundRoutes.put(new JsonObject().put("outbound_rt_index", 1).put("outbound_rt_name", "Default")
                .put("permission", "internal").put("sequence", 1).put("pattern", "_X.").put("members", new JsonArray())
                .put("out_of_service", "no").put("default_trunk_index", 1));
        String firstThree = String.join(",", exts.subList(0, Math.min(3, exts.size())));
        queues.put(new JsonObject().put("extension", "6500").put("queue_name", "Support").put("strategy", "ringall")
                .put("members", firstThree).put("queue_chairmans", null).put("ringtime", 30).put("wrapuptime", 10)
                .put("maxlen", 0).put("leavewhenempty", "no").put("joinempty", "yes").put("auto_record", "off")
                .put("queue_timeout", 60).put("musicclass", "default").put("retry", 5).put("reportholdtime", "no"));
        queueAgents.put("6500", new LinkedHashSet<>());
        pagingGroups.put(new JsonObject().put("extension", "8000").put("paginggroup_name", "AllPhones")
                .put("paginggroup_type", "3way").put("members", firstThree).put("multicast_ip", "224.0.1.2")
                .put("multicast_port", 8080).put("enable", "yes").put("replace_caller_id", "no").put("limitime", 0)
                .put("custom_prompt", null).put("custom_date", null).put("time", null));
        ivrs.put(new JsonObject().put("ivr_id", 1).put("ivr_name", "Main").put("extension", "7000")
                .put("welcome_prompt", "welcome").put("response_timeout", 10).put("digit_timeout", 3)
                .put("timeout_prompt", "record/timeout").put("invalid_prompt", "invalid").put("tloop", 3)
                .put("iloop", 3).put("dial_extension", "yes").put("dial_trunk", "no").put("members", new JsonArray()));
        ringGroups.put(new JsonObject().put("extension", "6400").put("ringgroup_name", "Sales").put("members", firstThree));
        extensionGroups.put(new JsonObject().put("group_id", "group-1").put("group_name", "All")
                .put("members", String.join(",", exts)).put("tmp", "group-1"));
        pinSets.put(new JsonObject().put("pin_sets_id", "1557210434090").put("pin_sets_name", "Default")
                .put("record_in_cdr", "no"));
    }

    synchronized void changed() {
        pendingChanges++;
    }

    int pendingChanges() {
        return pendingChanges;
    }

    long appliedChanges() {
        return appliedChanges;
    }

    /** Applies all pending changes at once; returns how many there were. */
    synchronized int apply() {
        int n = pendingChanges;
        appliedChanges += n;
        pendingChanges = 0;
        return n;
    }

    boolean isExtension(String number) {
        return accounts.contains(number);
    }

    List<String> extensions() {
        return accounts.rows().stream().map(r -> r.getString("extension")).toList();
    }
}
