package io.pbxbridge.bridge.command;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordsInFlightTest {

    @Test
    void whenNoneCompletesWhenTheLastRecordOfThosePartitionsFinishes() {
        RecordsInFlight inFlight = new RecordsInFlight();
        assertThat(inFlight.whenNone(List.of(0)).succeeded()).as("nothing in flight").isTrue();
        inFlight.started(0);
        inFlight.started(0);
        inFlight.started(1);

        Future<Void> partition0 = inFlight.whenNone(List.of(0));
        Future<Void> all = inFlight.whenNone(null);
        inFlight.finished(0);
        assertThat(partition0.isComplete()).isFalse();
        inFlight.finished(0);
        assertThat(partition0.succeeded()).isTrue();
        assertThat(all.isComplete()).as("partition 1 still busy").isFalse();
        assertThat(inFlight.total()).isEqualTo(1);

        inFlight.finished(1);
        assertThat(all.succeeded()).isTrue();
        assertThat(inFlight.total()).isZero();
    }

    @Test
    void aWaiterOnOtherPartitionsIsNotHeldUp() {
        RecordsInFlight inFlight = new RecordsInFlight();
        inFlight.started(3);
        assertThat(inFlight.whenNone(List.of(1, 2)).succeeded()).isTrue();
        Future<Void> both = inFlight.whenNone(List.of(2, 3));
        inFlight.started(2);
        inFlight.finished(3);
        assertThat(both.isComplete()).isFalse();
        inFlight.finished(2);
        assertThat(both.succeeded()).isTrue();
    }
}
