package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration actions of seed 004: list/get/add/update/delete of extensions (only list/get/update
 * exist), SIP trunks, outbound and inbound routes, queues, paging groups, IVRs, users (list/get/update),
 * extension groups and PIN sets (list only), plus {@code applyChanges}. Mandatory parameters and value
 * formats follow the seed's request tables; every successful change answers {@code need_apply: "yes"}.
 */
final class ConfigActions {
    private static final Pattern EXTENSION = Pattern.compile("\\d{2,18}");
    private static final Pattern DIGITS_2_32 = Pattern.compile("\\d{2,32}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9~!@#$%^*,]{4,32}");
    private static final Pattern VM_SECRET = Pattern.compile("\\d{4,32}");
    private static final Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9_\\-.]{2,24}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    private static final Set<String> YES_NO = Set.of("yes", "no");
    private static final Set<String> TRUNK_TYPE = Set.of("peer", "register");
    private static final Set<String> STRATEGY = Set.of("ringall", "linear", "leastrecent", "fewestcalls", "random", "memory");
    private static final Set<String> AUTO_RECORD = Set.of("all", "external", "internal", "off");
    private static final Set<String> PAGING_TYPE = Set.of("3way", "2way", "1way", "announcement");
    /** Parameters that name the action's target, never stored as configuration fields. */
    private static final Set<String> NOT_STORED = Set.of("action", "cookie");

    private final SimConfig config;
    private final ApplyChangesGate gate;

    ConfigActions(SimConfig config, ApplyChangesGate gate) {
        this.config = config;
        this.gate = gate;
    }

    void register(Map<String, ApiAction> actions) {
        registerExtensions(actions);
        registerTrunks(actions);
        registerOutboundRoutes(actions);
        registerInboundRoutes(actions);
        registerQueues(actions);
        registerPagingGroups(actions);
        registerIvrs(actions);
        registerUsersAndLists(actions);
        actions.put("applyChanges", p -> {
            gate.checkApply();
            config.apply();
            return ApiReply.of(new JsonObject().put("settings", "0"));
        });
    }

    private void registerExtensions(Map<String, ApiAction> actions) {
        actions.put("listAccount", p -> ApiReply.of(Paging.page(p, config.accounts.rows().stream()
                .map(ConfigActions::accountSummary).toList(), "account", new JsonObject())));
        actions.put("getSIPAccount", this::getSipAccount);
        actions.put("updateSIPAccount", this::updateSipAccount);
    }

    private void registerTrunks(Map<String, ApiAction> actions) {
        actions.put("listVoIPTrunk", p -> ApiReply.of(Paging.page(p, config.trunks.rows(), "voip_trunk", new JsonObject())));
        actions.put("getSIPTrunk", p -> ApiReply.of(new JsonObject().put("trunk", config.trunks.get(p.required("trunk")).copy())));
        actions.put("addSIPTrunk", this::addSipTrunk);
        actions.put("updateSIPTrunk", this::updateSipTrunk);
        actions.put("deleteSIPTrunk", p -> {
            config.trunks.remove(p.required("trunk"));
            return changed();
        });
    }

    private void registerOutboundRoutes(Map<String, ApiAction> actions) {
        actions.put("listOutboundRoute", p -> ApiReply.of(Paging.page(p, config.outboundRoutes.rows(), "outbound_route", new JsonObject())));
        actions.put("getOutboundRoute", this::getOutboundRoute);
        actions.put("addOutboundRoute", this::addOutboundRoute);
        actions.put("updateOutboundRoute", p -> {
            JsonObject row = config.outboundRoutes.get(p.required("outbound_rt_index"));
            p.optionalMatching("outbound_rt_name", ROUTE_NAME, "2-24 letters, digits or _-.");
            return changed(merge(row, p, Set.of("outbound_rt_index")));
        });
        actions.put("deleteOutboundRoute", p -> {
            config.outboundRoutes.remove(p.required("outbound_route"));
            return changed();
        });
    }

    private void registerInboundRoutes(Map<String, ApiAction> actions) {
        actions.put("listInboundRoute", p -> {
            String trunk = p.required("trunk_index");
            List<JsonObject> rows = config.inboundRoutes.rows().stream()
                    .filter(r -> trunk.equals(String.valueOf(r.getValue("trunk_index")))).toList();
            return ApiReply.of(Paging.page(p, rows, "inbound_route", new JsonObject()));
        });
        actions.put("getInboundRoute", this::getInboundRoute);
        actions.put("addInboundRoute", this::addInboundRoute);
        actions.put("updateInboundRoute", p -> {
            JsonObject row = config.inboundRoutes.get(p.required("inbound_route"));
            p.required("did_pattern_match");
            p.required("multi_mode");
            p.required("time_condition");
            return changed(merge(row, p, Set.of("inbound_route", "inbound_rt_index")));
        });
        actions.put("deleteInboundRoute", p -> {
            config.inboundRoutes.remove(p.required("inbound_route"));
            return changed();
        });
    }

    private void registerQueues(Map<String, ApiAction> actions) {
        actions.put("listQueue", p -> ApiReply.of(Paging.page(p, config.queues.rows(), "queue", new JsonObject())));
        actions.put("getQueue", p -> ApiReply.of(new JsonObject().put("queue", config.queues.get(p.required("queue")).copy())));
        actions.put("addQueue", this::addQueue);
        actions.put("updateQueue", p -> {
            JsonObject row = config.queues.get(p.required("queue"));
            p.optionalOneOf("strategy", STRATEGY);
            p.optionalOneOf("auto_record", AUTO_RECORD);
            p.optionalInt("ringtime", 5, 600);
            return changed(merge(row, p, Set.of("queue", "extension")));
        });
        actions.put("deleteQueue", p -> {
            String q = p.required("queue");
            config.queues.remove(q);
            config.queueAgents.remove(q);
            return changed();
        });
    }

    private void registerPagingGroups(Map<String, ApiAction> actions) {
        actions.put("listPaginggroup", p -> ApiReply.of(Paging.page(p, config.pagingGroups.rows(), "paginggroup", new JsonObject())));
        actions.put("getPaginggroup", p -> ApiReply.of(new JsonObject()
                .put("paginggroup", config.pagingGroups.get(p.required("paginggroup")).copy())));
        actions.put("addPaginggroup", p -> {
            String ext = p.requiredMatching("extension", NUMBER, "digits");
            p.required("paginggroup_name");
            p.requiredOneOf("paginggroup_type", PAGING_TYPE);
            p.optionalOneOf("enable", YES_NO);
            p.optionalOneOf("replace_caller_id", YES_NO);
            refuseTakenNumber(ext);
            config.pagingGroups.put(merge(new JsonObject().put("enable", "yes").put("limitime", 0), p, Set.of("paginggroup")));
            return changed();
        });
        actions.put("updatePaginggroup", p -> {
            JsonObject row = config.pagingGroups.get(p.required("paginggroup"));
            p.required("extension");
            p.required("paginggroup_name");
            p.requiredOneOf("paginggroup_type", PAGING_TYPE);
            if (!p.required("extension").equals(row.getString("extension"))) {
                throw UcmApiException.invalid("extension", "a paging group's number cannot change");
            }
            return changed(merge(row, p, Set.of("paginggroup")));
        });
        actions.put("deletePaginggroup", p -> {
            config.pagingGroups.remove(p.required("paginggroup"));
            return changed();
        });
    }

    private void registerIvrs(Map<String, ApiAction> actions) {
        actions.put("listIVR", p -> ApiReply.of(Paging.page(p, config.ivrs.rows(), "ivr", new JsonObject())));
        actions.put("getIVR", p -> ApiReply.of(new JsonObject().put("ivr", config.ivrs.get(p.required("ivr")).copy())));
        actions.put("addIVR", this::addIvr);
        actions.put("updateIVR", p -> {
            JsonObject row = config.ivrs.get(p.required("ivr"));
            p.optionalInt("response_timeout", 1, 60);
            p.optionalInt("digit_timeout", 1, 60);
            p.optionalInt("tloop", 1, 10);
            p.optionalInt("iloop", 1, 10);
            return changed(merge(row, p, Set.of("ivr", "ivr_id")));
        });
        actions.put("deleteIVR", p -> {
            config.ivrs.remove(p.required("ivr"));
            return changed();
        });
    }

    /** Users (the seed has no add/delete), extension groups and PIN sets (list only). */
    private void registerUsersAndLists(Map<String, ApiAction> actions) {
        actions.put("listUser", p -> {
            JsonArray array = new JsonArray();
            Paging.select(p, config.users.rows()).forEach(array::add);
            return ApiReply.of(array);
        });
        actions.put("getUser", p -> ApiReply.of(new JsonObject().put("user_name", config.users.get(p.required("user_name")).copy())));
        actions.put("updateUser", p -> {
            JsonObject row = config.users.get(p.required("user_name"));
            p.optionalInt("user_id", 0, Integer.MAX_VALUE);
            return changed(merge(row, p, Set.of("user_name", "user_id")));
        });
        actions.put("listExtensionGroup", p -> ApiReply.of(Paging.page(p, config.extensionGroups.rows(), "extension_group", new JsonObject())));
        actions.put("listPinSets", p -> ApiReply.of(Paging.page(p, config.pinSets.rows(), "pin_sets_id", new JsonObject())));
    }

    private ApiReply getSipAccount(ApiParams p) {
        JsonObject row = config.accounts.get(p.required("extension"));
        JsonObject ext = row.copy();
        for (String live : List.of("status", "addr", "urgemsg", "newmsg", "oldmsg")) {
            ext.remove(live);
        }
        return ApiReply.of(new JsonObject().put("extension", ext).put("sip_presence_settings", new JsonArray()
                .add(new JsonObject().put("presence_status", row.getString("presence_status")).put("cfb", null)
                        .put("cfn", null).put("cfu", null).put("cfb_timetype", 0).put("cfn_timetype", 0)
                        .put("cfu_timetype", 0).put("cfb_destination_type", "0").put("cfn_destination_type", "0")
                        .put("cfu_destination_type", "0"))));
    }

    private ApiReply updateSipTrunk(ApiParams p) {
        JsonObject row = config.trunks.get(p.required("trunk"));
        p.optionalOneOf("trunk_type", TRUNK_TYPE);
        String name = p.optional("trunk_name");
        if (name != null && !name.equals(row.getString("trunk_name")) && config.trunks.anyMatch("trunk_name", name)) {
            throw new UcmApiException(UcmStatus.ITEM_EXISTS, "trunk name exists");
        }
        return changed(merge(row, p, Set.of("trunk")));
    }

    private ApiReply getOutboundRoute(ApiParams p) {
        JsonObject row = config.outboundRoutes.get(p.required("outbound_route")).copy();
        Object pattern = row.remove("pattern");
        return ApiReply.of(new JsonObject().put("failover_outbound_data", new JsonArray())
                .put("outbound_route", row).put("pattern", patterns(pattern, row.getValue("outbound_rt_index"))));
    }

    private ApiReply addOutboundRoute(ApiParams p) {
        String name = p.requiredMatching("outbound_rt_name", ROUTE_NAME, "2-24 letters, digits or _-.");
        String trunk = p.required("default_trunk_index");
        if (!config.trunks.contains(trunk)) {
            throw UcmApiException.invalid("default_trunk_index", "no such trunk");
        }
        if (config.outboundRoutes.anyMatch("outbound_rt_name", name)) {
            throw new UcmApiException(UcmStatus.ITEM_EXISTS, "outbound route name exists");
        }
        JsonObject row = new JsonObject().put("outbound_rt_index", config.outboundRoutes.nextIndex())
                .put("permission", "internal").put("sequence", config.outboundRoutes.size() + 1)
                .put("members", new JsonArray()).put("out_of_service", "no");
        merge(row, p, Set.of("outbound_rt_index"));
        config.outboundRoutes.put(row);
        return changed();
    }

    private ApiReply getInboundRoute(ApiParams p) {
        JsonObject row = config.inboundRoutes.get(p.required("inbound_route"));
        // Seed example: the DID destination permissions and the route itself, in two objects.
        JsonObject did = new JsonObject().put("inbound_rt_index", row.getValue("inbound_rt_index"))
                .put("dial_trunk", "yes").put("ext_local", "yes").put("ext_queues", "yes").put("ext_group", "yes");
        return ApiReply.of(new JsonObject().put("inbound_did_destination", did).put("inbound_routes", row.copy()));
    }

    private ApiReply addInboundRoute(ApiParams p) {
        String trunk = p.required("trunk_index");
        String did = p.required("did_pattern_match");
        if (!config.trunks.contains(trunk)) {
            throw UcmApiException.invalid("trunk_index", "no such trunk");
        }
        boolean exists = config.inboundRoutes.rows().stream().anyMatch(r ->
                trunk.equals(String.valueOf(r.getValue("trunk_index"))) && did.equals(r.getString("did_pattern_match")));
        if (exists) {
            throw new UcmApiException(UcmStatus.ITEM_EXISTS, "inbound route exists for this trunk and DID pattern");
        }
        JsonObject row = new JsonObject().put("inbound_rt_index", config.inboundRoutes.nextIndex())
                .put("out_of_service", "no").put("permission", "internal");
        merge(row, p, Set.of("inbound_route", "inbound_rt_index"));
        row.put("trunk_index", Integer.parseInt(trunk.trim()));
        config.inboundRoutes.put(row);
        return changed();
    }

    private ApiReply addQueue(ApiParams p) {
        String ext = p.requiredMatching("extension", NUMBER, "digits");
        p.required("queue_name");
        p.required("leavewhenempty");
        p.required("joinempty");
        requiredInt(p, "ringtime", 5, 600);
        p.requiredOneOf("strategy", STRATEGY);
        requiredInt(p, "wrapuptime", 0, 3600);
        requiredInt(p, "maxlen", 0, 10_000);
        p.requiredOneOf("auto_record", AUTO_RECORD);
        requiredInt(p, "queue_timeout", 0, 86_400);
        refuseTakenNumber(ext);
        config.queues.put(merge(new JsonObject(), p, Set.of()));
        config.queueAgents.put(ext, new java.util.LinkedHashSet<>());
        return changed();
    }

    private ApiReply addIvr(ApiParams p) {
        p.required("ivr_name");
        String ext = p.requiredMatching("extension", NUMBER, "digits");
        p.required("welcome_prompt");
        requiredInt(p, "response_timeout", 1, 60);
        requiredInt(p, "digit_timeout", 1, 60);
        p.required("timeout_prompt");
        p.required("invalid_prompt");
        requiredInt(p, "tloop", 1, 10);
        requiredInt(p, "iloop", 1, 10);
        refuseTakenNumber(ext);
        JsonObject row = merge(new JsonObject().put("ivr_id", config.ivrs.nextIndex()).put("members", new JsonArray()),
                p, Set.of("ivr", "ivr_id"));
        config.ivrs.put(row);
        return changed();
    }

    /** The seed's {@code pattern} array: one {@code {allow, match, outbound_rt_index, strip_prefix}} per pattern. */
    private static JsonArray patterns(Object stored, Object routeIndex) {
        if (stored instanceof JsonArray a) {
            return a.copy();
        }
        JsonArray out = new JsonArray();
        if (stored != null) {
            for (String m : String.valueOf(stored).split(",")) {
                if (!m.isBlank()) {
                    out.add(new JsonObject().put("allow", null).put("match", m.trim())
                            .put("outbound_rt_index", routeIndex).put("strip_prefix", null));
                }
            }
        }
        return out;
    }

    private static JsonObject accountSummary(JsonObject row) {
        JsonObject s = new JsonObject();
        for (String f : List.of("extension", "account_type", "fullname", "out_of_service", "status", "addr",
                "urgemsg", "newmsg", "oldmsg", "presence_status")) {
            s.put(f, row.getValue(f));
        }
        return s;
    }

    private ApiReply updateSipAccount(ApiParams p) {
        String ext = p.requiredMatching("extension", EXTENSION, "2-18 digits");
        JsonObject row = config.accounts.get(ext);
        p.optionalOneOf("hasvoicemail", YES_NO);
        p.optionalMatching("cidnumber", DIGITS_2_32, "2-32 digits");
        p.optionalMatching("secret", SECRET, "4-32 letters, digits or ~!@#$%^*,");
        p.optionalMatching("vmsecret", VM_SECRET, "4-32 digits");
        p.optionalOneOf("skip_vmsecret", YES_NO);
        p.optionalIntOrNull("ring_timeout", 3, 600);
        p.optionalOneOf("auto_record", AUTO_RECORD);
        p.optionalOneOf("encryption", Set.of("no", "yes", "support"));
        p.optionalOneOf("faxdetect", YES_NO);
        p.optionalOneOf("sendtofax", YES_NO);
        p.optionalInt("strategy_ipacl", 0, 2);
        merge(row, p, Set.of("extension", "status", "addr"));
        config.changed();
        // Shape of the seed's example, plus need_apply like every other change (its Operation Log shows an
        // applyChanges after updateSIPAccount).
        return ApiReply.of(new JsonObject().put("extension", new JsonObject().put("alertinfo", row.getValue("alertinfo"))
                .put("extension", ext)).put("need_apply", "yes"));
    }

    private ApiReply addSipTrunk(ApiParams p) {
        String name = p.required("trunk_name");
        p.required("host");
        String type = p.requiredOneOf("trunk_type", TRUNK_TYPE);
        if ("register".equals(type)) {
            // The table marks Username mandatory and Secret "required for register trunks"; the seed's own
            // example adds a peer trunk without them, so both are enforced for register trunks only.
            p.required("username");
            p.required("secret");
        }
        if (p.has("username") && p.required("username").length() > 64) {
            throw UcmApiException.invalid("username", "up to 64 characters");
        }
        if (config.trunks.anyMatch("trunk_name", name)) {
            throw new UcmApiException(UcmStatus.ITEM_EXISTS, "trunk name exists");
        }
        JsonObject row = new JsonObject().put("trunk_index", config.trunks.nextIndex()).put("technology", "SIP")
                .put("username", null).put("ldap_sync_enable", "no").put("out_of_service", "no");
        merge(row, p, Set.of("trunk", "trunk_index"));
        config.trunks.put(row);
        return changed();
    }

    private void refuseTakenNumber(String ext) {
        if (config.accounts.contains(ext) || config.queues.contains(ext) || config.pagingGroups.contains(ext)
                || config.ringGroups.contains(ext) || config.ivrs.anyMatch("extension", ext)) {
            throw new UcmApiException(UcmStatus.ITEM_EXISTS, "number " + ext + " is in use");
        }
    }

    private static void requiredInt(ApiParams p, String name, int min, int max) {
        p.required(name);
        p.optionalInt(name, min, max);
    }

    /** A configuration change: answered {@code need_apply: "yes"} until applyChanges. */
    private ApiReply changed() {
        config.changed();
        return ApiReply.needApply(true);
    }

    /** The same, after {@code row} was updated in place. */
    private ApiReply changed(JsonObject row) {
        return changed();
    }

    /** Copies request parameters into {@code row}, except the routing ones. */
    private static JsonObject merge(JsonObject row, ApiParams p, Set<String> skip) {
        for (Map.Entry<String, Object> e : p.raw()) {
            if (!NOT_STORED.contains(e.getKey()) && !skip.contains(e.getKey())) {
                row.put(e.getKey(), e.getValue());
            }
        }
        return row;
    }
}
