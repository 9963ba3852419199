package io.pbxbridge.connector.grandstream;

/**
 * The capture lines a Grandstream session records besides the shared kinds (report, ws, api, session):
 * the two inputs whose state lives in the session, so {@code normalize} can replay them exactly.
 */
public final class UcmCapture {
    /**
     * What the API listed after a WebSocket (re)connect, as handed to the resync:
     * {@code {"listBridgedChannels":[…],"listUnBridgedChannels":[…],"listAccount":[…]}}.
     */
    public static final String RESYNC = "ucm.resync";
    /**
     * One CDR poll: every row the cdrapi pages returned and the checkpoint's AcctId it was read against:
     * {@code {"after":<AcctId or null>,"rows":[…]}}; its time is the receipt time the CDRs carry.
     */
    public static final String CDR_POLL = "ucm.cdr-poll";

    private UcmCapture() {
    }
}
