package io.pbxbridge.bridge.ingress;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One publish per CDR report on this instance, whatever the PBX re-sends: a report is known by the {@code event_id}s
 * of the records it normalizes to (deterministic: a re-sent report has the same ones). While its first publish is at
 * Kafka a re-send waits for that publish's outcome; once Kafka acknowledged it, a re-send within {@code window} is
 * answered from memory.
 *
 * <p>Only CDRs: their ids name one call (Yeastar {@code NewCdr}: the call id is in the hashed body; UCM: the CDR's
 * {@code AcctId} and {@code uniqueid}), so the same id twice is a re-send. A status, call-status or BootUp report
 * carries no id or time of its own: its {@code event_id} hashes the body, and the same body can be a new event
 * (an extension Registered, Busy, then Registered again). Answering that from memory would lose a state change, so
 * such reports are always published. Memory is bounded: at most {@code maxReports} acknowledged reports (the oldest forgotten
 * first, kept as fingerprints in primitive arrays: {@link AcknowledgedReports}), and the reports at Kafka, which the
 * producer's buffer and delivery timeout bound. Shared by the ingress's
 * event loops (a re-send may come on another connection); one lock, held for a map operation.
 */
final class RecentReports {
    /** What to do with a report: publish it ({@link First}), wait for its first publish, or answer 200 now. */
    sealed interface Claim permits First, InFlight, Acknowledged {
    }

    /** This report is not at Kafka nor acknowledged recently: publish it, then {@link #settle} the claim. */
    record First(String key, long fingerprint, Promise<Void> outcome) implements Claim {
    }

    /** The same report is at Kafka now: its outcome (completed on the first publisher's context). */
    record InFlight(Future<Void> outcome) implements Claim {
    }

    /** Kafka acknowledged the same report within the window. */
    record Acknowledged() implements Claim {
    }

    private static final Acknowledged ACKNOWLEDGED = new Acknowledged();

    private final long windowNanos;
    private final Map<String, Promise<Void>> inFlight = new HashMap<>();
    /** Null when nothing is remembered (window or bound zero). */
    private final AcknowledgedReports acknowledged;

    /** @param window how long an acknowledged report is remembered; zero remembers none (in-flight ones still wait) */
    RecentReports(Duration window, int maxReports) {
        this.windowNanos = window.toNanos();
        this.acknowledged = windowNanos > 0 && maxReports > 0 ? new AcknowledgedReports(maxReports) : null;
    }

    /**
     * The key of a report: its records' event ids, hashed when there are several; null (never deduplicated) unless
     * every record is a CDR with an id.
     */
    static String key(List<NormalizedRecord> records) {
        if (records.isEmpty() || records.stream().anyMatch(r -> r.eventId() == null || r.topic() != BridgeTopic.CDR)) {
            return null;
        }
        if (records.size() == 1) {
            return records.get(0).eventId();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (NormalizedRecord record : records) {
                sha.update(record.eventId().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16) + "/" + records.size();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** @param key from {@link #key}; null: not tracked (a {@link First} that nothing waits for) */
    Claim claim(String key) {
        if (key == null) {
            return new First(null, 0, Promise.promise());
        }
        long fingerprint = AcknowledgedReports.fingerprint(key); // once, outside the lock every event loop takes
        synchronized (this) {
            if (acknowledged != null) {
                acknowledged.forgetAcknowledgedUpTo(System.nanoTime() - windowNanos);
                if (acknowledged.contains(fingerprint)) {
                    return ACKNOWLEDGED;
                }
            }
            Promise<Void> first = inFlight.get(key);
            if (first != null) {
                return new InFlight(first.future());
            }
            Promise<Void> outcome = Promise.promise();
            inFlight.put(key, outcome);
            return new First(key, fingerprint, outcome);
        }
    }

    /**
     * The first publish of a report ended: acknowledged (remembered for the window) or not (forgotten: the next
     * re-send publishes again). Completes the outcome the re-sends wait for. Call once per {@link First}, whenever
     * Kafka answers (even after the PBX got its 503).
     */
    void settle(First first, Throwable failure) {
        synchronized (this) {
            if (first.key() != null) {
                inFlight.remove(first.key());
            }
            if (first.key() != null && failure == null && acknowledged != null) {
                acknowledged.add(first.fingerprint(), System.nanoTime());
            }
        }
        if (failure == null) {
            first.outcome().tryComplete();
        } else {
            first.outcome().tryFail(failure);
        }
    }

    synchronized int acknowledgedCount() {
        return acknowledged == null ? 0 : acknowledged.size();
    }

    synchronized int inFlightCount() {
        return inFlight.size();
    }
}
