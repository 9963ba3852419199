package io.pbxbridge.bridge.status;

import io.pbxbridge.bridge.tail.EventLines;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.CommandStatus;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.TrunkStatus;
import org.apache.avro.specific.SpecificRecord;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns the records this instance's PBXes produced (as published, see {@link PublishedRecords}) into what
 * the status page shows: readable live lines, recent dead letters and failed command results, per-PBX
 * activity. All of it lives in fixed-size rings and one {@link PbxActivity} per owned PBX that produced a record
 * (made on its first record: an idle PBX of a big fleet costs nothing here), so memory does not grow with
 * traffic; each record costs O(1), its line is formatted only when someone reads it.
 */
public final class StatusFeed {
    static final int LIVE_LINES = 200;
    static final int RECENT_PROBLEMS = 50;
    /** Session events that mean something is wrong with the PBX or its session. */
    private static final Set<PbxEventType> TROUBLE = Set.of(PbxEventType.AUTH_FAILED, PbxEventType.LOCKED_OUT,
            PbxEventType.SESSION_DOWN, PbxEventType.EVENTS_DROPPED);
    /** A report path's last segment is its secret; dead letters already mask it, this makes sure. */
    private static final Pattern REPORT_SECRET = Pattern.compile("(/report/[^/\\s]+/)[^/\\s*][^/\\s]*");

    /** One readable line, as the demo's live tail prints it. */
    public record LiveLine(long seq, Instant at, String pbx, String type, String text, boolean failure) {
    }

    public record DeadLetterEntry(Instant at, String pbx, String source, String where, String reason) {
    }

    public record FailedCommand(Instant at, String pbx, String commandId, String status, String vendorErrorCode,
                                String reason, long latencyMs, String executedBy, boolean replayed) {
    }

    /** Nothing seen yet: what an idle PBX shows. Never written. */
    private static final PbxActivity NONE = new PbxActivity();
    private final Map<String, PbxActivity> activity = new java.util.concurrent.ConcurrentHashMap<>();
    private final Predicate<String> owned;
    private final Consumer<LiveLine> listener;
    private final BooleanSupplier listening;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final Ring<PendingLine> live = new Ring<>(LIVE_LINES);
    private final Ring<DeadLetterEntry> deadLetters = new Ring<>(RECENT_PROBLEMS);
    private final Ring<FailedCommand> failedCommands = new Ring<>(RECENT_PROBLEMS);

    /** A feed whose listener always wants lines. */
    public StatusFeed(Predicate<String> owned, Consumer<LiveLine> listener, Clock clock) {
        this(owned, listener, () -> true, clock);
    }

    /**
     * @param owned     whether this instance currently owns a PBX
     * @param listener  told of every new live line (the event streams)
     * @param listening whether {@code listener} wants lines now: a line is formatted only when it does, or when read
     */
    public StatusFeed(Predicate<String> owned, Consumer<LiveLine> listener, BooleanSupplier listening, Clock clock) {
        this.owned = owned;
        this.listener = listener;
        this.listening = listening;
        this.clock = clock;
    }

    /** Key filter for the tail: records keyed {@code pbxId} or {@code pbxId/...} of a PBX owned here. */
    public boolean wantsKey(String key) {
        int slash = key.indexOf('/');
        return owned.test(slash < 0 ? key : key.substring(0, slash));
    }

    public void accept(SpecificRecord record) {
        EventHeader header = header(record); // null for results and dead letters, which name their PBX themselves
        String pbx = pbxOf(record, header);
        if (pbx != null && !owned.test(pbx)) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        PbxActivity pbxActivity = pbx == null ? null : activity.computeIfAbsent(pbx, id -> new PbxActivity());
        boolean failure = false;
        if (record instanceof CommandResult r) {
            failure = r.getStatus() != CommandStatus.SUCCEEDED;
            if (pbxActivity != null) {
                pbxActivity.command(now);
            }
            if (failure) {
                failedCommands.add(new FailedCommand(r.getCompletedAt(), pbx, r.getCommandId(), r.getStatus().name(),
                        r.getVendorErrorCode(), r.getReason(), r.getLatencyMs(), r.getExecutedBy(), r.getReplayed()));
                if (pbxActivity != null) {
                    pbxActivity.problem(r.getCompletedAt(), "command " + r.getStatus().name()
                            + (r.getReason() == null ? "" : ": " + r.getReason()));
                }
            }
        } else if (record instanceof DeadLetter d) {
            failure = true;
            deadLetters.add(new DeadLetterEntry(d.getReceivedAt(), pbx, d.getSource().name(),
                    maskSecrets(d.getSourceDetail()), maskSecrets(d.getReason())));
            if (pbxActivity != null) {
                if (d.getSource() != DeadLetterSource.COMMAND) {
                    pbxActivity.report(d.getReceivedAt(), null, now);
                }
                pbxActivity.problem(d.getReceivedAt(), "dead letter: " + maskSecrets(d.getReason()));
            }
        } else {
            if (pbxActivity != null && header != null && header.getIngress() != IngressChannel.SESSION) {
                pbxActivity.report(header.getReceivedAt(), header.getPbxModel(), now);
            }
            if (record instanceof PbxEvent e && TROUBLE.contains(e.getType())) {
                failure = true;
                if (pbxActivity != null) {
                    pbxActivity.problem(header == null ? null : header.getReceivedAt(),
                            e.getType().name() + (e.getReason() == null ? "" : ": " + e.getReason()));
                }
            }
        }
        PendingLine line = new PendingLine(seq.incrementAndGet(), clock.instant(), pbx == null ? "" : pbx,
                typeOf(record), record, failure);
        live.add(line);
        if (listening.getAsBoolean()) {
            listener.accept(line.line());
        }
    }

    /** Oldest first. */
    public List<LiveLine> liveLines() {
        return live.snapshot().stream().map(PendingLine::line).toList();
    }

    /**
     * A live line whose text is made when first needed: most records scroll out of the ring unread, and
     * formatting (with the secret mask) was most of what a record cost the page.
     */
    private static final class PendingLine {
        private final long seq;
        private final Instant at;
        private final String pbx;
        private final String type;
        private final boolean failure;
        private SpecificRecord record;
        private LiveLine line;

        PendingLine(long seq, Instant at, String pbx, String type, SpecificRecord record, boolean failure) {
            this.seq = seq;
            this.at = at;
            this.pbx = pbx;
            this.type = type;
            this.record = record;
            this.failure = failure;
        }

        synchronized LiveLine line() {
            if (line == null) {
                line = new LiveLine(seq, at, pbx, type, maskSecrets(EventLines.format(record)), failure);
                record = null;
            }
            return line;
        }
    }

    public List<DeadLetterEntry> recentDeadLetters() {
        return deadLetters.newestFirst();
    }

    public List<FailedCommand> recentFailedCommands() {
        return failedCommands.newestFirst();
    }

    /** What the feed saw of a PBX; an empty activity when nothing yet. */
    PbxActivity activity(String pbx) {
        return activity.getOrDefault(pbx, NONE);
    }

    /** Forgets PBXes no longer owned here (they moved away or were removed): memory follows the owned set. */
    void forgetUnowned() {
        activity.keySet().removeIf(id -> !owned.test(id));
    }

    long nowSecond() {
        return clock.instant().getEpochSecond();
    }

    /** The category the page filters by, per record class, in the order the page offers them. */
    private static final Map<Class<?>, String> TYPE_NAMES = orderedTypes();
    static final List<String> TYPES = List.copyOf(TYPE_NAMES.values());

    private static Map<Class<?>, String> orderedTypes() {
        Map<Class<?>, String> types = new LinkedHashMap<>();
        types.put(CallEvent.class, "call");
        types.put(CallRecord.class, "cdr");
        types.put(ExtensionStatus.class, "extension");
        types.put(TrunkStatus.class, "trunk");
        types.put(PbxEvent.class, "system");
        types.put(CommandResult.class, "result");
        types.put(DeadLetter.class, "dead-letter");
        return java.util.Collections.unmodifiableMap(types);
    }

    static String typeOf(SpecificRecord record) {
        String type = TYPE_NAMES.get(record.getClass());
        return type == null ? record.getSchema().getName() : type;
    }

    static String maskSecrets(String text) {
        return text == null ? null : REPORT_SECRET.matcher(text).replaceAll("$1******");
    }

    private static String pbxOf(SpecificRecord record, EventHeader header) {
        if (record instanceof CommandResult r) {
            return r.getPbxId();
        }
        if (record instanceof DeadLetter d) {
            return d.getPbxId();
        }
        return header == null ? null : header.getPbxId();
    }

    private static EventHeader header(SpecificRecord record) {
        int at = HEADER_FIELDS.computeIfAbsent(record.getClass(), type -> {
            org.apache.avro.Schema.Field field = record.getSchema().getField("header");
            return field == null ? -1 : field.pos();
        });
        return at >= 0 && record.get(at) instanceof EventHeader header ? header : null;
    }

    /**
     * Where each record class keeps its {@code header} field (-1: none), found once per class: looking the field up by
     * name for every record was a third of what the feed cost the ingress's event loops. A handful of classes.
     */
    private static final Map<Class<?>, Integer> HEADER_FIELDS = new java.util.concurrent.ConcurrentHashMap<>();
}
