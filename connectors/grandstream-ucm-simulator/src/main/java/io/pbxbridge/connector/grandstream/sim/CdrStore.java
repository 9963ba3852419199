package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Finished calls' CDRs with increasing {@code AcctId}, as {@code cdrapi} serves them. */
final class CdrStore {
    record Cdr(long acctId, Instant start, Instant end, JsonObject json) {
    }

    private final List<Cdr> cdrs = new ArrayList<>();
    private long nextId = 1;

    synchronized Cdr add(SimCall call, Instant end) {
        long id = nextId++;
        long duration = Duration.between(call.start, end).toSeconds();
        long billsec = call.answer == null ? 0 : Duration.between(call.answer, end).toSeconds();
        String session = call.start.toEpochMilli() + "000" + "-" + call.src;
        JsonObject j = new JsonObject()
                .put("AcctId", String.valueOf(id))
                .put("accountcode", "")
                .put("action_owner", call.actionType.isEmpty() ? "" : call.src)
                .put("action_type", call.actionType)
                .put("amaflags", "DOCUMENTATION")
                .put("answer", call.answer == null ? "" : SimClock.format(call.answer))
                .put("billsec", String.valueOf(billsec))
                .put("caller_name", call.callerName)
                .put("cdr", session)
                .put("chanext", "")
                .put("channel", call.firstChannel)
                .put("channel_ext", channelExt(call.firstChannel))
                .put("clid", "\"" + call.callerName + "\" <" + call.src + ">")
                .put("dcontext", call.dcontext)
                .put("disposition", call.disposition)
                .put("dst", call.dst)
                .put("dst_trunk_name", call.dstTrunkName)
                .put("dstanswer", call.dstAnswer)
                .put("dstchanext", "")
                .put("dstchannel", call.firstDstChannel)
                .put("dstchannel_ext", channelExt(call.firstDstChannel))
                .put("duration", String.valueOf(duration))
                .put("end", SimClock.format(end))
                .put("lastapp", "Dial")
                .put("lastdata", call.firstDstChannel.isEmpty() ? "" : call.firstDstChannel.replaceAll("-[0-9a-f]+$", "") + ",60")
                .put("recordfiles", call.recordFiles)
                .put("service", "s")
                .put("session", session)
                .put("src", call.src)
                .put("src_trunk_name", call.srcTrunkName)
                .put("start", SimClock.format(call.start))
                .put("uniqueid", call.linkedid)
                .put("userfield", call.userfield);
        Cdr cdr = new Cdr(id, call.start, end, j);
        cdrs.add(cdr);
        return cdr;
    }

    synchronized List<Cdr> all() {
        return List.copyOf(cdrs);
    }

    synchronized int size() {
        return cdrs.size();
    }

    /** cdrapi (table 70): filters, then {@code offset} and {@code numRecords}, oldest AcctId first. */
    synchronized JsonArray query(CdrQuery q) {
        JsonArray out = new JsonArray();
        int skipped = 0;
        for (Cdr c : cdrs) {
            if (!q.matches(c)) {
                continue;
            }
            if (skipped < q.offset()) {
                skipped++;
                continue;
            }
            if (out.size() >= q.numRecords()) {
                break;
            }
            out.add(c.json().copy());
        }
        return out;
    }

    private static String channelExt(String channel) {
        int slash = channel.indexOf('/');
        int dash = channel.lastIndexOf('-');
        return slash >= 0 && dash > slash ? channel.substring(slash + 1, dash) : "";
    }
}
