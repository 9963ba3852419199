package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarErrno;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated PBX configuration: extensions, trunks, IVRs, queues, ring groups, prompts, wake-up
 * calls and the SMS outbox. Lookups throw the documented errno when the object does not exist.
 * Event-loop confined (the SMS outbox is copied on read).
 */
final class PbxDirectory {
    final Map<String, SimExtension> extensions = new LinkedHashMap<>();
    final Map<String, TrunkSpec> trunks = new LinkedHashMap<>();
    final Map<String, JsonObject> ivrs = new LinkedHashMap<>();
    final Map<String, JsonObject> queues = new LinkedHashMap<>();
    final Map<String, JsonObject> ringGroups = new LinkedHashMap<>();
    final List<String> prompts;
    final Map<String, List<JsonObject>> wakeups = new LinkedHashMap<>();
    private final List<SentSms> smsOutbox = new ArrayList<>();

    PbxDirectory(YeastarSimulatorOptions o) {
        for (int i = 0; i < o.extensionCount(); i++) {
            String n = Integer.toString(o.firstExtension() + i);
            extensions.put(n, new SimExtension(n));
        }
        o.trunks().forEach(t -> trunks.put(t.name(), t));
        List<String> members = extensions.keySet().stream().limit(3).toList();
        o.ivrs().forEach(id -> ivrs.put(id, new JsonObject().put("ivrid", id).put("ivrname", "IVR " + id)
                .put("prompt", "welcome").put("promptrepeat", "3").put("responsetimeout", "3")
                .put("digittimeout", "3").put("dialext", "yes")));
        o.queues().forEach(id -> queues.put(id, new JsonObject().put("queueid", id).put("queuename", "Queue " + id)
                .put("strategy", "ringall").put("agents", String.join(",", members))));
        o.ringGroups().forEach(id -> ringGroups.put(id, new JsonObject().put("ringgroupid", id)
                .put("ringgroupname", "Ring group " + id).put("strategy", "ringall")
                .put("members", String.join(",", members))));
        this.prompts = List.copyOf(o.prompts());
    }

    SimExtension extension(String number) {
        SimExtension e = extensions.get(number);
        if (e == null) {
            throw SimApiException.of(YeastarErrno.EXTENSION_NOT_FOUND);
        }
        return e;
    }

    Optional<SimExtension> findExtension(String number) {
        return Optional.ofNullable(number == null ? null : extensions.get(number));
    }

    JsonObject ivr(String id) {
        return require(ivrs, id, YeastarErrno.IVR_NOT_FOUND);
    }

    JsonObject queue(String id) {
        return require(queues, id, YeastarErrno.QUEUE_NOT_FOUND);
    }

    JsonObject ringGroup(String id) {
        return require(ringGroups, id, YeastarErrno.RING_GROUP_NOT_FOUND);
    }

    /** The trunk outbound calls use: the first non-GSM trunk, else the first one. */
    TrunkSpec outboundTrunk() {
        return trunks.values().stream().filter(t -> !t.isGsm()).findFirst()
                .orElse(trunks.values().iterator().next());
    }

    /** An idle member of a queue or ring group (members listed in its settings), if any. */
    Optional<String> idleMember(JsonObject group) {
        String list = group.getString("agents", group.getString("members", ""));
        for (String m : list.split(",")) {
            SimExtension e = extensions.get(m.trim());
            if (e != null && e.idle()) {
                return Optional.of(e.number);
            }
        }
        return Optional.empty();
    }

    void validatePrompt(String prompt) {
        for (String p : prompt.split("\\+")) {
            if (!prompts.contains(p.trim())) {
                throw SimApiException.of(YeastarErrno.AUDIO_FILE_NOT_FOUND);
            }
        }
    }

    synchronized void sms(SentSms sms) {
        smsOutbox.add(sms);
    }

    synchronized List<SentSms> smsOutbox() {
        return List.copyOf(smsOutbox);
    }

    private static JsonObject require(Map<String, JsonObject> map, String id, YeastarErrno errno) {
        JsonObject o = map.get(id);
        if (o == null) {
            throw SimApiException.of(errno);
        }
        return o;
    }
}
