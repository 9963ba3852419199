package io.pbxbridge.connector.grandstream.api;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector and the simulator each keep their own table of UCM status codes (the simulator is the
 * independent oracle; see its {@code UcmStatus}). Both come from seed 004 Table 75, so they must list
 * the same codes: a code edited in one table only fails here.
 */
class UcmStatusTablesTest {
    @Test
    void connectorAndSimulatorKnowTheSameCodes() {
        assertThat(Arrays.stream(UcmStatus.values()).map(UcmStatus::code))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(
                        io.pbxbridge.connector.grandstream.sim.UcmStatus.values())
                        .map(io.pbxbridge.connector.grandstream.sim.UcmStatus::code).toList());
    }
}
