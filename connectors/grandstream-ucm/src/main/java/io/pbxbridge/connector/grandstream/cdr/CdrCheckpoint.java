package io.pbxbridge.connector.grandstream.cdr;

import io.vertx.core.json.JsonObject;

/**
 * Where CDR polling stands: the highest {@code AcctId} published (and acknowledged) and that CDR's end
 * time as the PBX printed it. cdrapi has no "after id" filter, only time filters, so the next poll asks
 * for CDRs that ended at or after {@code lastEnd} (minus an overlap) and skips ids at or below
 * {@code lastAcctId}: nothing is lost at the time boundary and nothing is published twice.
 */
public record CdrCheckpoint(long lastAcctId, String lastEnd) {

    public JsonObject toJson() {
        return new JsonObject().put("acct_id", lastAcctId).put("end", lastEnd);
    }

    public static CdrCheckpoint fromJson(JsonObject json) {
        Object id = json.getValue("acct_id");
        String end = json.getString("end");
        if (!(id instanceof Number n) || end == null) {
            throw new IllegalArgumentException("checkpoint needs acct_id (number) and end (text)");
        }
        return new CdrCheckpoint(n.longValue(), end);
    }
}
