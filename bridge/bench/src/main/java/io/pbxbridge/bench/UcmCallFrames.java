package io.pbxbridge.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebSocket notify frames a UCM sends for inbound calls, in the simulator's field set (one item per
 * frame, every leg entry the full row): a trunk leg rings, an extension leg rings, the extension answers,
 * the trunk leg is up, the two are bridged, the bridge and both legs go, with the extension's status
 * frames in between — 11 frames per call, 4 of them ActiveCallStatus frames that yield a record.
 * {@code concurrent} calls are interleaved step by step, so the tracker holds that many at once.
 */
final class UcmCallFrames {
    private static final String NOTIFY = "{\"message\":[{\"action\":\"notify\",\"eventname\":\"%s\",\"eventbody\":[%s],"
            + "\"transactionid\":\"\"}]}";
    private static final String LEG = "{\"action\":\"%s\",\"channel\":\"%s\",\"chantype\":\"%s\",\"uniqueid\":\"%s\","
            + "\"linkedid\":\"%s\",\"state\":\"%s\",\"service\":\"%s\",\"callername\":\"\",\"callernum\":\"%s\","
            + "\"connectedname\":\"\",\"connectednum\":\"%s\",\"callid\":\"%4$s\",\"alloc_time\":\"2026-11-26 10:00:%02d\","
            + "\"inbound_trunk_name\":\"%s\",\"outbound_trunk_name\":\"\"}";
    private static final String BRIDGE = "{\"action\":\"%s\",\"chantype\":\"bridge\",\"linkedid\":\"\",\"bridge_id\":\"%s\","
            + "\"bridge_time\":\"2026-11-26 10:00:05\",\"callerid1\":\"%s\",\"callerid2\":\"%s\",\"channel1\":\"%s\","
            + "\"channel2\":\"%s\",\"have_send\":1,\"inbound_trunk_name\":\"SIPTrunk1\",\"name1\":\"\",\"name2\":\"\","
            + "\"outbound_trunk_name\":\"\",\"uniqueid1\":\"%s\",\"uniqueid2\":\"%s\"}";

    private UcmCallFrames() {
    }

    /** The frames of {@code calls} calls (a multiple of {@code concurrent}), in the order a session gets them. */
    static List<byte[]> of(int calls, int concurrent) {
        List<byte[]> out = new ArrayList<>();
        for (int group = 0; group < calls; group += concurrent) {
            List<List<String>> inGroup = new ArrayList<>();
            for (int c = 0; c < concurrent; c++) {
                inGroup.add(call(group + c));
            }
            for (int step = 0; step < inGroup.get(0).size(); step++) {
                for (List<String> call : inGroup) {
                    out.add(call.get(step).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static List<String> call(int n) {
        String ext = Integer.toString(1000 + n % 500);
        String caller = "06" + (12345678 + n);
        String trunkId = "1700000000." + (2 * n);
        String extId = "1700000000." + (2 * n + 1);
        String trunk = "PJSIP/trunk_1-" + String.format("%08x", 2 * n);
        String leg = "PJSIP/" + ext + "-" + String.format("%08x", 2 * n + 1);
        return List.of(
                acs(LEG.formatted("add", trunk, "unbridge", trunkId, trunkId, "Ring", "", caller, "s", 0, "SIPTrunk1")),
                acs(LEG.formatted("add", leg, "unbridge", extId, trunkId, "Ringing", "", ext, caller, 1, "")),
                extension(ext, "Ringing"),
                acs(LEG.formatted("update", leg, "unbridge", extId, trunkId, "Up", "", ext, caller, 4, "")),
                acs(LEG.formatted("update", trunk, "unbridge", trunkId, trunkId, "Up", "", caller, ext, 4, "SIPTrunk1")),
                acs(BRIDGE.formatted("add", "bridge-" + n, caller, ext, trunk, leg, trunkId, extId)),
                extension(ext, "InUse"),
                acs(BRIDGE.formatted("delete", "bridge-" + n, caller, ext, trunk, leg, trunkId, extId)),
                acs(LEG.formatted("delete", leg, "bridge", extId, trunkId, "Up", "", ext, caller, 4, "")),
                acs(LEG.formatted("delete", trunk, "bridge", trunkId, trunkId, "Up", "", caller, ext, 4, "SIPTrunk1")),
                extension(ext, "Idle"));
    }

    private static String acs(String item) {
        return NOTIFY.formatted("ActiveCallStatus", item);
    }

    private static String extension(String ext, String status) {
        return NOTIFY.formatted("ExtensionStatus", "{\"extension\":\"" + ext + "\",\"status\":\"" + status + "\"}");
    }
}
