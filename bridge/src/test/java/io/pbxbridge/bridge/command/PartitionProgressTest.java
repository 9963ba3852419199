package io.pbxbridge.bridge.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionProgressTest {

    @Test
    void commitsOnlyTheContiguousDonePrefix() {
        PartitionProgress p = new PartitionProgress();
        p.track(10);
        p.track(11);
        p.track(12);
        assertThat(p.toCommit()).isEmpty();

        p.done(11);
        assertThat(p.toCommit()).as("10 is not done yet").isEmpty();

        p.done(10);
        assertThat(p.toCommit()).hasValue(12);
        p.committed(12);
        assertThat(p.toCommit()).isEmpty();

        p.done(12);
        assertThat(p.toCommit()).hasValue(13);
        assertThat(p.pending()).isZero();
    }

    @Test
    void offsetsMustIncrease() {
        PartitionProgress p = new PartitionProgress();
        p.track(5);
        assertThatThrownBy(() -> p.track(5)).isInstanceOf(IllegalStateException.class);
    }
}
