package io.pbxbridge.connector.yeastar.sim;

import java.util.Objects;

/**
 * One simulated trunk and its per-trunk API switches (PBX web: Settings › PBX › General › API).
 *
 * @param name                       trunk name as reported ({@code trunk} / {@code trunkname})
 * @param type                       {@code SIP}, {@code SPS}, {@code GSM}, ...; SMS needs {@code GSM}
 * @param controlInboundAnswering    the PBX sends {@code Invite} and waits for accept/refuse
 * @param controlInboundDestination  the PBX sends {@code Incoming} and lets the app redirect the call
 */
public record TrunkSpec(String name, String type, boolean controlInboundAnswering, boolean controlInboundDestination) {
    public TrunkSpec {
        Objects.requireNonNull(name, "name");
        type = type == null ? "SIP" : type;
    }

    public static TrunkSpec sip(String name) {
        return new TrunkSpec(name, "SIP", false, false);
    }

    public static TrunkSpec gsm(String name) {
        return new TrunkSpec(name, "GSM", false, false);
    }

    public TrunkSpec withInboundControl(boolean answering, boolean destination) {
        return new TrunkSpec(name, type, answering, destination);
    }

    public boolean isGsm() {
        return "GSM".equalsIgnoreCase(type);
    }
}
