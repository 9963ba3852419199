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
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

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
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** The PBXes: as configured, which ones this instance owns, and their session states. */
    public record Fleet(List<PbxConfig> configured, Predicate<String> owns,
                        Function<String, Optional<SessionMetrics.StateSince>> states) {
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
        this.feed = new StatusFeed(fleet.configured().stream().map(PbxConfig::id).toList(), fleet.owns(),
                streams::publish, () -> streams.openStreams() > 0, clock);
        this.published = new PublishedRecords(vertx.getOrCreateContext(), feed::wantsKey, feed::accept, registry);
        this.group = new GroupView(vertx, kafka.admin(), kafka.groupId(), kafka.topicNames().apply(BridgeTopic.COMMANDS),
                fleet.configured().stream().map(PbxConfig::id).toList(), bridge.instanceId(), clock);
        this.unowned = new UnownedPbxes(vertx, group, fleet.configured().stream().map(PbxConfig::id).toList(), registry,
                UnownedPbxes.BUDGET, clock);
    }

    /** Starts taking the records this instance publishes (the page shows what happens from now on). */
    public Future<Void> start() {
        streams.start();
        unowned.start(UnownedPbxes.CHECK_EVERY);
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
        unowned.stop();
        return Future.succeededFuture();
    }

    /** Mounts the page on the management router (behind its credentials, when configured). */
    public void routes(Router router) {
        router.get("/").handler(ctx -> snapshot().map(StatusHtml::render).onComplete(ar -> reply(ctx, ar,
                "text/html; charset=utf-8")));
        router.get("/status.json").handler(ctx -> snapshot().map(Json::encode).onComplete(ar -> reply(ctx, ar,
                "application/json")));
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
        return group.current().map(g -> {
            long now = feed.nowSecond();
            List<StatusSnapshot.FleetRow> rows = new ArrayList<>();
            List<String> elsewhere = new ArrayList<>();
            for (PbxConfig pbx : fleet.configured()) {
                if (!fleet.owns().test(pbx.id())) {
                    elsewhere.add(pbx.id());
                    continue;
                }
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
            return new StatusSnapshot(bridge.instanceId(), bridge.version(), clock.instant(),
                    ZoneId.systemDefault().getId(), rows, elsewhere, g, feed.liveLines(), feed.recentDeadLetters(),
                    feed.recentFailedCommands(), new StatusSnapshot.Streams(streams.openStreams(),
                    streams.maxStreams(), (long) streams.droppedLines()));
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
