package io.pbxbridge.connector.yeastar.command;

/**
 * One leg of a live call as the bridge saw it in events.
 *
 * @param kind   extension, inbound trunk leg or outbound trunk leg
 * @param legRef the handle commands need: v1 inboundid/outboundid (extension number for extension
 *               legs), v2 channelid
 * @param number extension number, or the external number of a trunk leg
 * @param trunk  trunk name of a trunk leg
 */
public record TrackedLeg(Kind kind, String legRef, String number, String trunk) {

    public enum Kind {
        EXTENSION("extension"), INBOUND("inbound"), OUTBOUND("outbound");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
