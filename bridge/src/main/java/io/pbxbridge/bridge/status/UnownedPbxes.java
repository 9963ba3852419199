package io.pbxbridge.bridge.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code pbx_unowned}: how many configured PBXes no member of the command group has held for longer than the
 * hand-over {@link #BUDGET} — nobody runs their session or executes their commands. A group-level view, the
 * same on every instance: the command partitions each member holds as the group coordinator reports them
 * ({@link GroupView}, one Admin query per {@link GroupView#MAX_AGE}), mapped to PBX ids. A PBX is unowned while no
 * member holds its partition: a rebalance stuck in a slow hand-over, a group with no member left. A member
 * that died still holds its partitions until the coordinator drops it ({@code session.timeout.ms}, 10 s by
 * default), which is inside the budget. Only PBXes this instance's configuration names are counted; when
 * the group cannot be described (Kafka down) the last answer stands.
 */
final class UnownedPbxes {
    private static final Logger LOG = LoggerFactory.getLogger(UnownedPbxes.class);
    /** The target for a PBX to be up elsewhere after its instance died. */
    static final Duration BUDGET = Duration.ofSeconds(15);

    private final Supplier<Set<String>> configured;
    private final Duration budget;
    private final Clock clock;
    private final Map<String, Instant> unclaimedSince = new HashMap<>();
    private volatile Set<String> overBudget = Set.of();

    UnownedPbxes(Supplier<Set<String>> configured, MeterRegistry registry, Duration budget, Clock clock) {
        this.configured = configured;
        this.budget = budget;
        this.clock = clock;
        Gauge.builder("pbx_unowned", this, u -> u.overBudget.size())
                .description("Configured PBXes whose command partition no member of the command group has held for"
                        + " longer than the hand-over budget (15 s)")
                .register(registry);
    }

    /** The PBXes over budget (sorted), as of the last check. */
    Set<String> unowned() {
        return overBudget;
    }

    /** Takes the group as last described (the status page asks every few seconds). */
    synchronized void update(GroupView.Group g) {
        if (g.error() != null) {
            return;
        }
        // Every PBX a member holds, not the few each member names for the page.
        Set<String> claimed = g.owned();
        Instant now = clock.instant();
        java.util.SortedSet<String> over = new TreeSet<>();
        // A set: retainAll asks ids.contains for every key (with a list, 20,000 PBXes cost 400 million comparisons
        // on the event loop, 5 s blocked at every check).
        Set<String> ids = configured.get();
        unclaimedSince.keySet().retainAll(ids); // a PBX a reload removed is no longer waited for
        for (String id : ids) {
            if (claimed.contains(id)) {
                unclaimedSince.remove(id);
                continue;
            }
            Instant since = unclaimedSince.computeIfAbsent(id, k -> g.at());
            if (!since.plus(budget).isAfter(now)) {
                over.add(id);
            }
        }
        if (!over.equals(overBudget)) {
            if (over.isEmpty()) {
                LOG.info("Every configured PBX has an owner in command group {} again", g.groupId());
            } else {
                LOG.warn("{} PBXes {} have had no owner in command group {} (state {}, {} members) for more than {} s:"
                        + " nobody runs their sessions or executes their commands", over.size(), firstFew(over),
                        g.groupId(), g.state(), g.members().size(), budget.toSeconds());
            }
            overBudget = Collections.unmodifiableSortedSet(over);
        }
    }

    /** At most 20 ids, then how many more: one log line stays readable with thousands. */
    private static String firstFew(java.util.SortedSet<String> ids) {
        String shown = String.join(", ", ids.stream().limit(20).toList());
        return "[" + shown + (ids.size() > 20 ? ", … " + (ids.size() - 20) + " more" : "") + "]";
    }
}
