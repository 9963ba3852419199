package io.pbxbridge.bridge.command;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease runs session timeout − margin from when an accepted commit was handed over; a stale one probes. */
class GroupLeaseTest {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final GroupLease lease = new GroupLease(vertx, Duration.ofSeconds(10), now::get);
    private final List<Promise<Boolean>> probes = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anAcceptedCommitIsProofForTheSessionTimeoutLessTheMargin() {
        assertThat(lease.valid()).as("never proved").isFalse();

        lease.renewed(now.get());
        advance(Duration.ofMillis(8_900));
        assertThat(lease.valid()).isTrue();
        assertThat(lease.remainingMillis()).isEqualTo(100);

        advance(Duration.ofMillis(100));
        assertThat(lease.valid()).as("10 s − 1 s margin after the commit was sent").isFalse();
    }

    @Test
    void anOlderCommitAcceptedLateDoesNotShortenTheLease() {
        long early = now.get();
        advance(Duration.ofSeconds(2));
        lease.renewed(now.get());
        lease.renewed(early);

        assertThat(lease.remainingMillis()).isEqualTo(9_000);
    }

    @Test
    void aWaiterOnAnExpiredLeaseIsAnsweredOnlyAfterAProbeWasAccepted() {
        lease.probeWith(() -> {
            Promise<Boolean> p = Promise.promise();
            probes.add(p);
            return p.future();
        });

        Future<Void> waiting = lease.current();
        assertThat(probes).as("an expired lease asks for a probe commit").hasSize(1);
        assertThat(waiting.isComplete()).isFalse();

        lease.renewed(now.get());
        probes.get(0).complete(true);
        assertThat(waiting.succeeded()).isTrue();
        assertThat(lease.current().succeeded()).as("valid: no probe").isTrue();
        assertThat(probes).hasSize(1);
    }

    @Test
    void aRefusedProbeKeepsTheWaiterUntilOwnershipChanges() {
        lease.probeWith(() -> Future.succeededFuture(false));

        Future<Void> waiting = lease.current();
        assertThat(waiting.isComplete()).as("a zombie's probe is refused: it may not call the PBX").isFalse();

        lease.ownershipChanged();
        assertThat(waiting.succeeded()).as("woken to re-check whether it still owns its PBX").isTrue();
    }
}
