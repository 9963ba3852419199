package io.pbxbridge.bridge.ingress;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceAddressFilterTest {

    @Test
    void emptyListAllowsEveryone() {
        assertThat(new SourceAddressFilter(List.of()).allows("203.0.113.9")).isTrue();
    }

    @Test
    void exactAddressesAndCidrBlocks() {
        SourceAddressFilter filter = new SourceAddressFilter(List.of("192.0.2.10", "10.1.0.0/16", "2001:db8::/32"));
        assertThat(filter.allows("192.0.2.10")).isTrue();
        assertThat(filter.allows("192.0.2.11")).isFalse();
        assertThat(filter.allows("10.1.200.3")).isTrue();
        assertThat(filter.allows("10.2.0.1")).isFalse();
        assertThat(filter.allows("2001:db8:1::5")).isTrue();
        assertThat(filter.allows("2001:db9::5")).isFalse();
        assertThat(filter.allows(null)).isFalse();
        assertThat(filter.allows("pbx.example.com")).as("never resolves names").isFalse();
    }

    @Test
    void rejectsEntriesThatAreNotAddresses() {
        assertThatThrownBy(() -> new SourceAddressFilter(List.of("pbx.example.com")))
                .hasMessageContaining("pbx.example.com");
        assertThatThrownBy(() -> new SourceAddressFilter(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
    }
}
