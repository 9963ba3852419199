package io.pbxbridge.bridge.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.session.SessionMetrics;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import io.pbxbridge.connector.spi.SessionState;

/**
 * The status page on the management port: {@code GET /} (HTML), {@code /status.json}, {@code /events}
 * (Server-Sent Events of live lines) and its two static files. Its data is what this instance published
 * about the PBXes it owns, taken from the publisher's acknowledgements (nothing is read back from Kafka),
 * plus what other instances published about them that the report follower reads anyway
 * ({@link #fromOtherInstance}).
 */
public final class StatusPage {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Rows of the fleet table per page: the page stays small whatever the fleet's size. */
    static final int PAGE_SIZE = 100;
    /** PBXes owned elsewhere named on the page (the rest are counted). */
    static final int NAMED_ELSEWHERE = 20;

    /**
     * The PBXes: as configured now, which ones this instance owns, their session states, and the owned sessions
     * counted by state.
     */
    public record Fleet(Supplier<List<PbxConfig>> configured, Predicate<String> owns,
                        Function<String, Optional<SessionMetrics.StateSince>> states,
                        Supplier<Map<SessionState, Integer>> counts) {
        /** A fixed list of PBXes, counts taken from their states (tests). */
        public Fleet(List<PbxConfig> configured, Predicate<String> owns,
                     Function<String, Optional<SessionMetrics.StateSince>> states) {
            this(() -> configured, owns, states, () -> {
                Map<SessionState, Integer> counts = new java.util.EnumMap<>(SessionState.class);
                configured.stream().filter(p -> owns.test(p.id())).forEach(p -> states.apply(p.id())
                        .ifPresent(st -> counts.merge(st.state(), 1, Integer::sum)));
                return counts;
            });
        }
    }

    /** What the fleet table shows: a page of the owned PBXes whose id, vendor, model or state contains {@code query}. */
    record Query(int page, String query, String state) {
        static final Query FIRST = new Query(1, "", "");

        static Query of(RoutingContext ctx) {
            int page = (int) Math.max(1, Math.min(Integer.MAX_VALUE, parseLong(ctx.request().getParam("page"))));
            return new Query(page, clip(ctx.request().getParam("q")), clip(ctx.request().getParam("state")));
        }

        private static String clip(String text) {
            if (text == null) {
                return "";
            }
            String t = text.trim();
            return t.length() > 64 ? t.substring(0, 64) : t;
        }
    }

    /** Where the page reads: the publisher's acknowledgements for the records, the Admin client for the command group. */
    public record Kafka(KafkaRecordPublisher publisher, Function<BridgeTopic, String> topicNames, Admin admin,
                        String groupId) {
    }

    private final BridgeInfo bridge;
    private final Fleet fleet;
    private final Kafka kafka;
    private final Clock clock;
    private final EventStreams streams;
    private final StatusFeed feed;
    private final GroupView group;
    private final UnownedPbxes unowned;
    private final CommandPartitionSpread spread;
    private final Vertx vertx;
    private long groupTimer = -1;
    private final PublishedRecords published;
    private final Buffer script = resource("status.js");
    private final Buffer style = resource("status.css");

    public StatusPage(Vertx vertx, BridgeInfo bridge, MeterRegistry registry, Fleet fleet, Kafka kafka) {
        this(vertx, bridge, registry, fleet, kafka, Clock.systemUTC(), EventStreams.MAX_STREAMS);
    }

    StatusPage(Vertx vertx, BridgeInfo bridge, MeterRegistry registry, Fleet fleet, Kafka kafka, Clock clock,
               int maxStreams) {
        this.bridge = bridge;
        this.fleet = fleet;
        this.kafka = kafka;
        this.clock = clock;
        this.streams = new EventStreams(vertx, registry, maxStreams);
        this.feed = new StatusFeed(fleet.owns(), streams::publish, () -> streams.openStreams() > 0, clock);
        this.published = new PublishedRecords(vertx.getOrCreateContext(), feed::wantsKey, feed::accept, registry);
        Supplier<Set<String>> configuredIds = () -> fleet.configured().get().stream()
                .map(PbxConfig::id).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.group = new GroupView(vertx, kafka.admin(), kafka.groupId(), kafka.topicNames().apply(BridgeTopic.COMMANDS),
                configuredIds, bridge.instanceId(), clock);
        this.unowned = new UnownedPbxes(configuredIds, registry, UnownedPbxes.BUDGET, clock);
        this.spread = new CommandPartitionSpread(registry);
        this.vertx = vertx;
    }

    /** Starts taking the records this instance publishes (the page shows what happens from now on). */
    public Future<Void> start() {
        streams.start();
        long every = GroupView.MAX_AGE.toMillis();
        groupTimer = vertx.setPeriodic(every, every, id -> group.current().onSuccess(g -> {
            unowned.update(g);
            spread.update(g);
        }));
        kafka.publisher().onAcknowledged(published);
        return Future.succeededFuture();
    }

    /**
     * A record another instance published about a PBX owned here (e.g. a report its ingress took), as the
     * report follower decoded it; any thread.
     */
    public void fromOtherInstance(SpecificRecord record) {
        published.offer(record);
    }

    /** Ends every open event stream and stops taking records. */
    public Future<Void> stop() {
        published.stop();
        streams.closeAll();
        if (groupTimer >= 0) {
            vertx.cancelTimer(groupTimer);
        }
        return Future.succeededFuture();
    }

    /** Mounts the page on the management router (behind its credentials, when configured). */
    public void routes(Router router) {
        router.get("/").handler(ctx -> snapshot(Query.of(ctx)).map(StatusHtml::render).onComplete(ar -> reply(ctx, ar,
                "text/html; charset=utf-8")));
        router.get("/status.json").handler(ctx -> snapshot(Query.of(ctx)).map(Json::encode).onComplete(ar -> reply(ctx,
                ar, "application/json")));
        router.get("/events").handler(this::events);
        router.get("/status.js").handler(ctx -> send(ctx, "text/javascript; charset=utf-8", script));
        router.get("/status.css").handler(ctx -> send(ctx, "text/css; charset=utf-8", style));
    }

    /** SSE: the lines after {@code Last-Event-ID} (or {@code ?after=}) first, then every new one. */
    private void events(RoutingContext ctx) {
        String lastId = ctx.request().getHeader("Last-Event-ID");
        if (lastId == null) {
            lastId = ctx.request().getParam("after");
        }
        long after = parseLong(lastId);
        List<StatusFeed.LiveLine> backlog = feed.liveLines().stream().filter(l -> l.seq() > after).toList();
        securityHeaders(ctx);
        streams.open(ctx, backlog);
    }

    Future<StatusSnapshot> snapshot() {
        return snapshot(Query.FIRST);
    }

    /** The page at one moment: one page of the fleet table (filtered), counts for the whole fleet. */
    Future<StatusSnapshot> snapshot(Query query) {
        return group.current().map(g -> {
            long now = feed.nowSecond();
            feed.forgetUnowned();
            String q = query.query().toLowerCase(java.util.Locale.ROOT);
            List<PbxConfig> matching = new ArrayList<>();
            List<String> elsewhere = new ArrayList<>();
            int elsewhereCount = 0;
            int owned = 0;
            for (PbxConfig pbx : fleet.configured().get()) {
                if (!fleet.owns().test(pbx.id())) {
                    if (elsewhere.size() < NAMED_ELSEWHERE) {
                        elsewhere.add(pbx.id());
                    }
                    elsewhereCount++;
                    continue;
                }
                owned++;
                String state = fleet.states().apply(pbx.id()).map(st -> st.state().name()).orElse("UNKNOWN");
                if (!query.state().isEmpty() && !query.state().equalsIgnoreCase(state)) {
                    continue;
                }
                if (!q.isEmpty() && !(pbx.id().toLowerCase(java.util.Locale.ROOT).contains(q)
                        || pbx.vendor().contains(q) || state.toLowerCase(java.util.Locale.ROOT).contains(q)
                        || String.valueOf(feed.activity(pbx.id()).model()).toLowerCase(java.util.Locale.ROOT).contains(q))) {
                    continue;
                }
                matching.add(pbx);
            }
            matching.sort(java.util.Comparator.comparing(PbxConfig::id));
            int pages = Math.max(1, (matching.size() + PAGE_SIZE - 1) / PAGE_SIZE);
            int page = Math.min(query.page(), pages);
            List<StatusSnapshot.FleetRow> rows = new ArrayList<>();
            for (PbxConfig pbx : matching.subList((page - 1) * PAGE_SIZE, Math.min(matching.size(), page * PAGE_SIZE))) {
                PbxActivity a = feed.activity(pbx.id());
                Optional<SessionMetrics.StateSince> state = fleet.states().apply(pbx.id());
                PbxActivity.Problem error = a.lastError();
                rows.add(new StatusSnapshot.FleetRow(pbx.id(), pbx.vendor(), a.model(),
                        state.map(st -> st.state().name()).orElse("UNKNOWN"),
                        state.map(SessionMetrics.StateSince::since).orElse(null),
                        state.map(SessionMetrics.StateSince::reason).orElse(null), a.lastReportAt(),
                        a.reportsLastMinute(now), a.commandsLastMinute(now),
                        error == null ? null : error.text(), error == null ? null : error.at()));
            }
            Map<String, Integer> states = new java.util.TreeMap<>();
            fleet.counts().get().forEach((st, n) -> {
                if (n > 0) {
                    states.put(st.name(), n);
                }
            });
            return new StatusSnapshot(bridge.instanceId(), bridge.version(), clock.instant(),
                    ZoneId.systemDefault().getId(), rows, elsewhere, g, feed.liveLines(), feed.recentDeadLetters(),
                    feed.recentFailedCommands(), new StatusSnapshot.Streams(streams.openStreams(),
                    streams.maxStreams(), (long) streams.droppedLines()),
                    new StatusSnapshot.FleetSummary(owned, elsewhereCount, states),
                    new StatusSnapshot.FleetPage(page, pages, PAGE_SIZE, matching.size(), query.query(), query.state()));
        });
    }

    private static void reply(RoutingContext ctx, AsyncResult<String> page, String contentType) {
        if (page.succeeded()) {
            send(ctx, contentType, Buffer.buffer(page.result()));
        } else {
            LOG.warn("Status page failed to render", page.cause());
            ctx.fail(500);
        }
    }

    private static void send(RoutingContext ctx, String contentType, Buffer body) {
        securityHeaders(ctx);
        ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-store").end(body);
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY");
    }

    private static long parseLong(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Buffer resource(String name) {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /status/" + name);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
