package io.pbxbridge.connector.grandstream.cdr;

import io.pbxbridge.connector.grandstream.UcmCapture;
import io.pbxbridge.connector.grandstream.api.UcmApi;
import io.pbxbridge.connector.grandstream.api.UcmResponse;
import io.pbxbridge.connector.grandstream.events.UcmTime;
import io.pbxbridge.connector.grandstream.session.UcmSessionPart;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.capture.TrafficRecorder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Polls {@code cdrapi} (format=json) every {@code cdr_poll_interval} and publishes new CDRs as
 * CallRecords. cdrapi offers only time filters, so each poll asks for CDRs that ended since the
 * checkpoint's end time minus {@code cdr_overlap} ({@code timeFilterType=End}), pages through them
 * ({@code numRecords}/{@code offset}), keeps those with an {@code AcctId} above the checkpoint, and
 * publishes them in AcctId order. The checkpoint moves (in memory and atomically on disk) only after
 * the sink acknowledged a chunk, so a crash re-reads at most an unacknowledged chunk — which the
 * downstream de-duplicates by event id — and a restart neither loses nor repeats an acknowledged CDR.
 * All CDRs of one poll carry the time its last page arrived; a recorded PBX's polls go to the recorder
 * ({@link UcmCapture#CDR_POLL}) with that time.
 */
public final class CdrPoller implements UcmSessionPart {
    private static final Logger LOG = LoggerFactory.getLogger(CdrPoller.class);
    private static final DateTimeFormatter QUERY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final int CHUNK = 100;
    private static final int MAX_PAGES = 1000;

    private final Vertx vertx;
    private final PbxConfig pbx;
    private final UcmApi api;
    private final EventSink sink;
    private final Supplier<String> model;
    private final CdrPollRecords records;
    private final CdrCheckpointStore store;
    private final Duration interval;
    private final Duration overlap;
    private final Duration initialLookback;
    private final int pageSize;
    private final String timeFilterType;
    private final TrafficRecorder recorder;

    private CdrCheckpoint checkpoint;
    /**
     * Start of the window while no CDR has been checkpointed: fixed when polling starts, so a CDR that becomes
     * visible late (or a PBX clock behind ours) is still found; a window moving with "now" could pass it by.
     */
    private LocalDateTime firstWindowStart;
    private boolean running;
    private long timerId = -1;
    private Future<Void> inFlight = Future.succeededFuture();
    private long published;

    public CdrPoller(Vertx vertx, PbxConfig pbx, UcmApi api, EventSink sink, BridgeInfo bridge, Supplier<String> model) {
        this(vertx, pbx, api, sink, bridge, model, TrafficRecorder.NONE);
    }

    public CdrPoller(Vertx vertx, PbxConfig pbx, UcmApi api, EventSink sink, BridgeInfo bridge, Supplier<String> model,
                     TrafficRecorder recorder) {
        this.recorder = recorder;
        this.vertx = vertx;
        this.pbx = pbx;
        this.api = api;
        this.sink = sink;
        this.model = model;
        this.records = new CdrPollRecords(pbx.id(), bridge, new CdrNormalizer(pbx.id(), bridge, pbx.timeZone()));
        PbxOptions options = pbx.options();
        Path dir = options.get(UcmOptions.STATE_DIR);
        this.store = new CdrCheckpointStore(vertx, dir.resolve(pbx.id() + ".cdr-checkpoint"));
        this.interval = options.get(UcmOptions.CDR_POLL_INTERVAL);
        this.overlap = options.get(UcmOptions.CDR_OVERLAP);
        this.initialLookback = options.get(UcmOptions.CDR_INITIAL_LOOKBACK);
        this.pageSize = options.get(UcmOptions.CDR_PAGE_SIZE);
        this.timeFilterType = options.get(UcmOptions.CDR_TIME_FILTER);
    }

    public CdrCheckpointStore store() {
        return store;
    }

    /** CallRecords acknowledged by the sink since start. */
    public long published() {
        return published;
    }

    @Override
    public void start() {
        if (running || !pbx.options().get(UcmOptions.CDR_ENABLED)) {
            return;
        }
        running = true;
        store.load().onComplete(ar -> {
            if (!running) {
                return;
            }
            if (ar.failed()) {
                // Guessing a checkpoint would lose or repeat CDRs: stop polling and say why.
                LOG.error("PBX {}: CDR polling disabled: {}", pbx.id(), ar.cause().getMessage());
                running = false;
                return;
            }
            Optional<CdrCheckpoint> saved = ar.result();
            checkpoint = saved.orElse(null);
            firstWindowStart = LocalDateTime.now(pbx.timeZone()).minus(initialLookback);
            LOG.info("PBX {}: CDR polling every {} from {}", pbx.id(), interval,
                    saved.map(c -> "AcctId " + c.lastAcctId() + " (ended " + c.lastEnd() + ")").orElse("the last " + initialLookback));
            schedule(Duration.ofMillis(1));
        });
    }

    @Override
    public Future<Void> stop() {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        return inFlight.recover(e -> Future.succeededFuture());
    }

    private void schedule(Duration delay) {
        timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            timerId = -1;
            if (!running) {
                return;
            }
            Promise<Void> round = Promise.promise();
            inFlight = round.future();
            pollOnce().onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn("PBX {}: CDR poll failed: {}", pbx.id(), ar.cause().getMessage());
                }
                round.complete();
                if (running) {
                    schedule(interval);
                }
            });
        });
    }

    /** One round: fetch every page since the checkpoint, then publish new CDRs chunk by chunk. */
    Future<Void> pollOnce() {
        String since = queryStart();
        List<JsonObject> rows = new ArrayList<>();
        return fetch(since, 0, 0, rows).compose(v -> {
            Instant receivedAt = Instant.now();
            Long after = checkpoint == null ? null : checkpoint.lastAcctId();
            if (recorder.active() && !rows.isEmpty()) {
                JsonObject poll = new JsonObject().put("after", after).put("rows", new JsonArray(new ArrayList<Object>(rows)));
                recorder.record(UcmCapture.CDR_POLL, null, poll.encode().getBytes(StandardCharsets.UTF_8), receivedAt);
            }
            return publishChunks(records.of(rows, after, receivedAt, model.get()), 0);
        });
    }

    /**
     * The rows of one poll that are new: an AcctId above the checkpoint's ({@code after}, null before the
     * first), in AcctId order, each once (a page boundary shifting under new rows may list one twice).
     * Rows without an AcctId cannot be checkpointed and go to {@code skipped}.
     */
    public static List<JsonObject> fresh(List<JsonObject> rows, Long after, Consumer<JsonObject> skipped) {
        long floor = after == null ? Long.MIN_VALUE : after;
        List<JsonObject> fresh = new ArrayList<>();
        for (JsonObject row : rows) {
            Long id = CdrNormalizer.acctId(row);
            if (id == null) {
                skipped.accept(row);
            } else if (id > floor) {
                fresh.add(row);
            }
        }
        fresh.sort(Comparator.comparingLong(CdrNormalizer::acctId));
        List<JsonObject> unique = new ArrayList<>();
        Long last = null;
        for (JsonObject row : fresh) {
            long id = CdrNormalizer.acctId(row);
            if (last == null || id != last) {
                unique.add(row);
            }
            last = id;
        }
        return unique;
    }

    private Future<Void> fetch(String since, int offset, int page, List<JsonObject> into) {
        JsonObject params = new JsonObject().put("format", "json").put("numRecords", pageSize).put("offset", offset)
                .put("startTime", since).put("timeFilterType", timeFilterType);
        return api.call("cdrapi", params).compose(response -> {
            if (!response.success()) {
                return Future.failedFuture("cdrapi answered " + response.describeError());
            }
            JsonArray rows = rows(response);
            for (Object o : rows) {
                if (o instanceof JsonObject row) {
                    into.add(row);
                }
            }
            if (rows.size() >= pageSize && page + 1 < MAX_PAGES) {
                return fetch(since, offset + rows.size(), page + 1, into);
            }
            return Future.succeededFuture();
        });
    }

    /** Publishes chunk by chunk; the checkpoint follows the last acknowledged row that has an AcctId. */
    private Future<Void> publishChunks(List<CdrPollRecords.Entry> entries, int from) {
        if (from >= entries.size() || !running) {
            return Future.succeededFuture();
        }
        List<CdrPollRecords.Entry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
        List<NormalizedRecord> out = chunk.stream().map(CdrPollRecords.Entry::record).toList();
        CdrPollRecords.Entry last = null;
        for (CdrPollRecords.Entry e : chunk) {
            if (e.acctId() != null) {
                last = e;
            }
        }
        CdrCheckpoint next = last == null ? checkpoint : new CdrCheckpoint(last.acctId(), Optional.ofNullable(last.end())
                .orElse(checkpoint == null ? queryStart().replace('T', ' ') : checkpoint.lastEnd()));
        return sink.publish(out).compose(acked -> {
            published += out.size();
            records.published(chunk);
            if (next == null || next.equals(checkpoint)) {
                return Future.succeededFuture();
            }
            checkpoint = next;
            return store.save(next).recover(e -> Future.failedFuture("CDRs published but the checkpoint " + store.file()
                    + " could not be written: " + e.getMessage()));
        }).compose(v -> publishChunks(entries, from + CHUNK));
    }

    private String queryStart() {
        LocalDateTime first = firstWindowStart != null ? firstWindowStart
                : LocalDateTime.now(pbx.timeZone()).minus(initialLookback);
        LocalDateTime start;
        if (checkpoint == null) {
            start = first;
        } else {
            try {
                start = LocalDateTime.parse(checkpoint.lastEnd(), UcmTime.FORMAT).minus(overlap);
            } catch (DateTimeParseException e) {
                start = first;
            }
        }
        return start.format(QUERY_TIME);
    }

    private static JsonArray rows(UcmResponse response) {
        Object v = response.response().getValue("cdr_root");
        if (v == null) {
            v = response.body().getValue("cdr_root");
        }
        return v instanceof JsonArray a ? a : new JsonArray();
    }
}
