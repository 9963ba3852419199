package io.pbxbridge.connector.spi.capture;

import java.time.Instant;

/** One line of a capture file after the first: a recorded input, a later header (the bridge restarted), or a gap. */
public sealed interface CaptureLine {
    /** Something the PBX sent. */
    record Input(CapturedInput input) implements CaptureLine {
    }

    /** The file was appended to by a restarted bridge: a new run begins here. */
    record Header(CaptureHeader header) implements CaptureLine {
    }

    /**
     * Something is missing here: lines dropped (queue full), an input too large to record, or the end of
     * recording (size limit). A replay of the capture cannot be exact past it.
     *
     * @param kind   {@link CaptureKinds#DROPPED}, {@link CaptureKinds#END}, or the kind of an omitted input
     * @param what   readable: "3 lines dropped", "api cdrapi of 5000000 bytes not recorded", the end's reason
     */
    record Gap(String kind, Instant at, String what) implements CaptureLine {
    }
}
