package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.spi.PbxLocalTime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times the UCM prints: {@code 2019-11-25 09:43:19}, PBX local time without a zone (seed 004). */
public final class UcmTime {
    public static final DateTimeFormatter FORMAT = PbxLocalTime.FORMAT;

    private UcmTime() {
    }

    /** The instant a PBX time names in the PBX's zone; null when absent or not such a time. */
    public static Instant parse(String pbxTime, ZoneId zone) {
        if (pbxTime == null) {
            return null;
        }
        try {
            return PbxLocalTime.instant(PbxLocalTime.parse(pbxTime.trim()), zone);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
