package io.pbxbridge.bridge.reload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pbxbridge.bridge.command.CommandConsumer;
import io.pbxbridge.bridge.config.BridgeConfig;
import io.pbxbridge.bridge.session.PbxFleet;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.SessionEvents;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a new, validated configuration to the running bridge: the {@code pbxes} list takes effect at once —
 * the sessions and ingress routes of the PBXes whose entries changed are started, stopped or restarted, the
 * others are not touched — and every change is reported as a {@code BRIDGE_CONFIG_CHANGED} event (by the
 * instance that owns the PBX) and counted ({@code pbx_config_changes_total{change}}). Everything else (Kafka,
 * ingress, management, commands, sessions, logging, recordings) needs a restart: a difference there is logged
 * and the running value kept. Reloads run one at a time ({@link ConfigWatcher}).
 */
public final class FleetReload {
    private static final Logger LOG = LoggerFactory.getLogger(FleetReload.class);

    /** What a reload did. */
    public record Outcome(PbxFleet.Change change, List<String> needRestart, Set<String> reported) {
    }

    private final PbxFleet fleet;
    private final CommandConsumer commands;
    private final EventSink sink;
    private final BridgeInfo bridge;
    private final MeterRegistry registry;
    private BridgeConfig running;

    public FleetReload(BridgeConfig running, PbxFleet fleet, CommandConsumer commands, EventSink sink,
                       BridgeInfo bridge, MeterRegistry registry) {
        this.running = running;
        this.fleet = fleet;
        this.commands = commands;
        this.sink = sink;
        this.bridge = bridge;
        this.registry = registry;
    }

    /** Applies {@code next}'s PBX list; says which other settings differ (those wait for a restart). */
    public Future<Outcome> apply(BridgeConfig next) {
        List<String> needRestart = needRestart(running, next);
        if (!needRestart.isEmpty()) {
            LOG.warn("Configuration reload: {} changed; these take effect after a restart (the running values are kept)",
                    String.join(", ", needRestart));
        }
        Map<String, String> vendorsBefore = new LinkedHashMap<>();
        fleet.configs().forEach(p -> vendorsBefore.put(p.id(), p.vendor()));
        PbxFleet.Change change = fleet.update(next.pbxes());
        running = new BridgeConfig(running.instanceId(), running.kafka(), running.codec(), running.ingress(),
                running.management(), running.logging(), running.commands(), running.sessions(), next.pbxes(),
                running.recordings(), running.configWatchInterval(), running.instanceIdConfigured());
        count("added", change.added().size());
        count("removed", change.removed().size());
        count("changed", change.changed().size());
        if (change.isEmpty()) {
            LOG.info("Configuration reload: no PBX changed ({} configured)", fleet.ids().size());
            return Future.succeededFuture(new Outcome(change, needRestart, Set.of()));
        }
        LOG.info("Configuration reload: {} ({} PBXes configured now); added {}, removed {}, changed {}", change,
                fleet.ids().size(), sample(change.added()), sample(change.removed()), sample(change.changed()));
        Future<Set<String>> mine = commands == null ? Future.succeededFuture(Set.of())
                : commands.reconfigure(fleet.ids(), change.added(), change.removed(), change.changed());
        return mine.compose(owned -> report(change, owned, vendorsBefore).map(v -> new Outcome(change, needRestart, owned)));
    }

    /** One {@code BRIDGE_CONFIG_CHANGED} per affected PBX this instance owns (or owned, for a removed one). */
    private Future<Void> report(PbxFleet.Change change, Set<String> owned, Map<String, String> vendorsBefore) {
        List<NormalizedRecord> events = new ArrayList<>();
        Instant now = Instant.now();
        for (String id : owned) {
            String what = change.added().contains(id) ? "added" : change.removed().contains(id) ? "removed" : "changed";
            List<String> keys = change.changedKeys().getOrDefault(id, List.of());
            String vendorId = what.equals("removed") ? vendorsBefore.get(id) : fleet.vendor(id);
            Vendor vendor = vendorId == null ? Vendor.UNKNOWN
                    : Connectors.find(vendorId).map(PbxConnector::vendor).orElse(Vendor.UNKNOWN);
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("change", what);
            if (!keys.isEmpty()) {
                attributes.put("keys", String.join(",", keys));
            }
            String reason = "bridge configuration reloaded: PBX " + what + (keys.isEmpty() ? "" : " (" + String.join(", ", keys) + ")");
            events.add(SessionEvents.of(id, vendor, bridge, PbxEventType.BRIDGE_CONFIG_CHANGED, reason, null, now,
                    attributes));
        }
        if (events.isEmpty()) {
            return Future.succeededFuture();
        }
        return sink.publish(events).recover(e -> {
            LOG.warn("Could not publish {} configuration change event(s): {}", events.size(), e.toString());
            return Future.succeededFuture();
        });
    }

    private void count(String change, int n) {
        if (n > 0) {
            Counter.builder("pbx_config_changes").tag("change", change)
                    .description("PBX entries added, removed or changed by configuration reloads").register(registry)
                    .increment(n);
        }
    }

    /** The settings outside {@code pbxes} that differ: each needs a restart. */
    static List<String> needRestart(BridgeConfig a, BridgeConfig b) {
        List<String> keys = new ArrayList<>();
        differ(keys, "instance_id", a.instanceId(), b.instanceId());
        differ(keys, "kafka", a.kafka(), b.kafka());
        differ(keys, "codec", a.codec(), b.codec());
        differ(keys, "ingress", a.ingress(), b.ingress());
        differ(keys, "management", a.management(), b.management());
        differ(keys, "commands", a.commands(), b.commands());
        differ(keys, "sessions", a.sessions(), b.sessions());
        differ(keys, "logging", a.logging(), b.logging());
        differ(keys, "config_watch_interval", a.configWatchInterval(), b.configWatchInterval());
        // Recording (record_to) opens files at start: a new or changed one waits for a restart.
        b.recordings().forEach((id, rec) -> {
            if (!rec.equals(a.recordings().get(id))) {
                keys.add("pbxes[" + id + "].record_to");
            }
        });
        return keys;
    }

    private static void differ(List<String> keys, String key, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            keys.add(key);
        }
    }

    private static String sample(Set<String> ids) {
        if (ids.size() <= 10) {
            return ids.toString();
        }
        return ids.stream().limit(10).toList().toString().replace("]", ", … " + (ids.size() - 10) + " more]");
    }
}
