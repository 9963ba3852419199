package io.pbxbridge.bridge.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code ce_time} header's bytes: exactly what {@link DateTimeFormatter#ISO_INSTANT} writes (seconds
 * always, a fraction of 3, 6 or 9 digits when there is one), without a formatter per record. The
 * date-and-time part is kept for the last second written, so records of the same second (a burst) only
 * add their fraction. Years outside 0000–9999 go through the formatter.
 */
final class CeTime {
    /** 10000-01-01T00:00:00Z: from here on ISO_INSTANT writes a sign and more year digits. */
    private static final long YEAR_10000 = 253_402_300_800L;
    /** {@code yyyy-MM-ddTHH:mm:ss}. */
    private static final int PREFIX = 19;

    /** The last second written and its text; immutable, so any thread may read whichever it sees. */
    private record Second(long epochSecond, byte[] text) {
    }

    private static volatile Second last = new Second(0, prefix(0));

    private CeTime() {
    }

    static byte[] of(Instant time) {
        long seconds = time.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return DateTimeFormatter.ISO_INSTANT.format(time).getBytes(StandardCharsets.US_ASCII);
        }
        Second second = last;
        if (second.epochSecond() != seconds) {
            second = new Second(seconds, prefix(seconds));
            last = second;
        }
        int nanos = time.getNano();
        int digits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        byte[] out = new byte[PREFIX + (digits == 0 ? 0 : 1 + digits) + 1];
        System.arraycopy(second.text(), 0, out, 0, PREFIX);
        int at = PREFIX;
        if (digits > 0) {
            out[at++] = '.';
            int fraction = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            for (int i = at + digits - 1; i >= at; i--) {
                out[i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            at += digits;
        }
        out[at] = 'Z';
        return out;
    }

    private static byte[] prefix(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        byte[] text = new byte[PREFIX];
        digits(text, 0, t.getYear(), 4);
        text[4] = '-';
        digits(text, 5, t.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, t.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, t.getHour(), 2);
        text[13] = ':';
        digits(text, 14, t.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, t.getSecond(), 2);
        return text;
    }

    private static void digits(byte[] into, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            into[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
