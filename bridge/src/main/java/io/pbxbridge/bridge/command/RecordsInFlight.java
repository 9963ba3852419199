package io.pbxbridge.bridge.command;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records fetched whose handling (result published, or given up) has not finished, per partition. Stop and
 * hand-over wait on {@link #whenNone} — completed by the last record finishing, not found by polling.
 *
 * <p>Not thread-safe: use it from the command consumer's context.
 */
final class RecordsInFlight {
    private final Map<Integer, Integer> counts = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();

    void started(int partition) {
        counts.merge(partition, 1, Integer::sum);
    }

    void finished(int partition) {
        Integer left = counts.computeIfPresent(partition, (p, n) -> n > 1 ? n - 1 : null);
        if (left == null && !waiters.isEmpty()) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (none(w.partitions())) {
                    it.remove();
                    w.promise().tryComplete();
                }
            }
        }
    }

    /** Completes once no record of {@code partitions} (of any partition when null) is in flight. */
    Future<Void> whenNone(Collection<Integer> partitions) {
        Set<Integer> which = partitions == null ? null : Set.copyOf(partitions);
        if (none(which)) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        waiters.add(new Waiter(which, p));
        return p.future();
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private boolean none(Set<Integer> partitions) {
        return partitions == null ? counts.isEmpty() : partitions.stream().noneMatch(counts::containsKey);
    }

    private record Waiter(Set<Integer> partitions, Promise<Void> promise) {
    }
}
