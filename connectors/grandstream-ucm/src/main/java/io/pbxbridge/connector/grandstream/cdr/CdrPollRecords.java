package io.pbxbridge.connector.grandstream.cdr;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.DeadLetters;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code cdrapi} poll publishes, the same live ({@link CdrPoller}) and on replay: the rows above the
 * checkpoint as CallRecords in AcctId order, each once; a row that cannot be read as a CDR as a dead letter
 * (kept whole). A row without an AcctId cannot move the checkpoint, so every poll whose window covers it lists
 * it again: it is published (or dead-lettered) until Kafka acknowledged it once ({@link #published}), then
 * remembered, at most {@link #REMEMBERED} of them, instead of being dropped.
 */
public final class CdrPollRecords {
    static final int REMEMBERED = 4096;

    /**
     * @param acctId     the row's AcctId (null: it moves no checkpoint)
     * @param end        its end time (may be null)
     * @param rowWithout the row's text when it has no AcctId (what {@link #published} remembers), else null
     */
    public record Entry(Long acctId, String end, NormalizedRecord record, String rowWithout) {
    }

    private final String pbxId;
    private final BridgeInfo bridge;
    private final CdrNormalizer normalizer;
    private final Set<String> seenWithoutAcctId = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    public CdrPollRecords(String pbxId, BridgeInfo bridge, CdrNormalizer normalizer) {
        this.pbxId = pbxId;
        this.bridge = bridge;
        this.normalizer = normalizer;
    }

    /** The entries of one poll's rows; {@code after} is the checkpoint's AcctId (null before the first). */
    public List<Entry> of(List<JsonObject> rows, Long after, Instant receivedAt, String model) {
        List<Entry> out = new ArrayList<>();
        List<JsonObject> unidentified = new ArrayList<>();
        for (JsonObject row : CdrPoller.fresh(rows, after, unidentified::add)) {
            out.add(new Entry(CdrNormalizer.acctId(row), CdrNormalizer.end(row), read(row, receivedAt, model), null));
        }
        List<Entry> first = new ArrayList<>();
        Set<String> inThisPoll = new HashSet<>();
        for (JsonObject row : unidentified) {
            String text = row.encode();
            if (!seenWithoutAcctId.contains(text) && inThisPoll.add(text)) {
                first.add(new Entry(null, null, read(row, receivedAt, model), text));
            }
        }
        first.addAll(out);
        return first;
    }

    /** Kafka acknowledged these entries: their rows without an AcctId are not published again. */
    public void published(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.rowWithout() != null) {
                seenWithoutAcctId.add(e.rowWithout());
            }
        }
    }

    private NormalizedRecord read(JsonObject row, Instant receivedAt, String model) {
        try {
            return normalizer.normalize(row, receivedAt, model);
        } catch (RuntimeException e) {
            byte[] raw = row.encode().getBytes(StandardCharsets.UTF_8);
            return DeadLetters.forReport(new RawReport(pbxId, raw, receivedAt, IngressChannel.POLL), Vendor.GRANDSTREAM_UCM,
                    "CDR row could not be read: " + e.getMessage(), bridge, "cdrapi");
        }
    }
}
