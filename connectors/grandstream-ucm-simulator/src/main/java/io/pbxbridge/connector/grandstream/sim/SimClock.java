package io.pbxbridge.connector.grandstream.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats times the way the UCM prints them ({@code 2019-11-25 09:43:19}, UTC). */
final class SimClock {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private SimClock() {
    }

    static String format(Instant t) {
        return t == null ? "" : FORMAT.format(t);
    }
}
