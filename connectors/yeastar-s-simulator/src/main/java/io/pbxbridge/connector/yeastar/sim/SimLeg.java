package io.pbxbridge.connector.yeastar.sim;

/**
 * One party of a simulated call: an extension, or the trunk side of an inbound or outbound call.
 * {@code memberStatus} is the v2 CallStatus value of this member.
 */
final class SimLeg {
    enum Kind { EXT, INBOUND, OUTBOUND }

    final Kind kind;
    /** Extension number, or the external number for trunk legs. */
    final String number;
    final String from;
    final String to;
    final String trunk;
    final String channelId;
    /** inboundid / outboundid of a trunk leg (v1 addressing). */
    String trunkCallId;
    String memberStatus;
    String callPath;
    boolean held;
    boolean muted;

    private SimLeg(Kind kind, String number, String from, String to, String trunk, String channelId) {
        this.kind = kind;
        this.number = number;
        this.from = from;
        this.to = to;
        this.trunk = trunk;
        this.channelId = channelId;
    }

    static SimLeg ext(String number, String channelId) {
        return new SimLeg(Kind.EXT, number, null, null, null, channelId);
    }

    static SimLeg inbound(String from, String to, String trunk, String channelId) {
        return new SimLeg(Kind.INBOUND, from, from, to, trunk, channelId);
    }

    static SimLeg outbound(String from, String to, String trunk, String channelId) {
        return new SimLeg(Kind.OUTBOUND, to, from, to, trunk, channelId);
    }

    String channelIdOrId() {
        return trunkCallId;
    }

    boolean isExt() {
        return kind == Kind.EXT;
    }
}
