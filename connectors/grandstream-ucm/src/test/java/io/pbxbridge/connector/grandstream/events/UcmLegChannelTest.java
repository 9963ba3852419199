package io.pbxbridge.connector.grandstream.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link UcmLeg} reads the channel name in place: trunk, extension and peer agree with the definitions on
 * the cut-out peer ({@code peer.toLowerCase().startsWith("trunk")}, {@code peer.matches("\\d+")}) for every
 * shape of name, odd ones included.
 */
class UcmLegChannelTest {
    @Test
    void channelNamesAreClassifiedAsByThePeerDefinitions() {
        List<String> names = new ArrayList<>(List.of("PJSIP/trunk_1-00000002", "PJSIP/1001-0000000a", "SIP/TRUNK_2-1",
                "PJSIP/Trunk-x", "PJSIP/trunk", "PJSIP/trun-1", "PJSIP/tru", "DAHDI/1-1", "dahdi/i1/0612-1", "Local/1001@ctx-0001;1",
                "PJSIP/-0001", "PJSIP/1001", "1001-0001", "trunk_9-1", "a-b/trunk_1", "a-b/1001", "/", "", "-", "PJSIP/",
                "PJSIP/1001-", "PJSIP/10a1-1", "PJSIP/tr\u00fcnk-1", "PJSIP/trun\u212a-1", "PJSIP/\u0130trunk-1",
                "PJSIP/\u0661\u0662-1", "PJSIP/trunk\u00e9-1", "IAX2/trunk_1-2-3", "PJSIP/1001-0000-0001"));
        for (String name : names) {
            UcmLeg leg = new UcmLeg(name, null, null, "Ring", "unbridge", null, null, null, null, null, null, null, true);
            String peer = peerAsBefore(name);
            boolean trunk = peer.toLowerCase(Locale.ROOT).startsWith("trunk") || name.toUpperCase(Locale.ROOT).startsWith("DAHDI/");
            assertThat(leg.peer()).as(name).isEqualTo(peer);
            assertThat(leg.isTrunk()).as(name).isEqualTo(trunk);
            assertThat(leg.isExtension()).as(name).isEqualTo(!trunk && peer.matches("[0-9]+"));
        }
        UcmLeg none = new UcmLeg(null, null, null, null, null, null, null, null, null, null, null, null, false);
        assertThat(none.peer()).isNull();
        assertThat(none.isTrunk()).isFalse();
        assertThat(none.isExtension()).isFalse();
    }

    private static String peerAsBefore(String channel) {
        int slash = channel.indexOf('/');
        String rest = slash >= 0 ? channel.substring(slash + 1) : channel;
        int dash = rest.lastIndexOf('-');
        return dash > 0 ? rest.substring(0, dash) : rest;
    }
}
