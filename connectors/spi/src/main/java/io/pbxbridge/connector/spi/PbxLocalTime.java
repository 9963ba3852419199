package io.pbxbridge.connector.spi;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The local date-time PBXes print, {@code 2017-09-14 09:30:15}: what {@link #FORMAT} parses, on every CDR.
 * A well-formed valid time is read directly (the formatter took a tenth of the CPU of a whole CDR); any
 * other text goes to the formatter itself, so what is accepted, adjusted (its resolver moves 30 February
 * to the month's last day) or refused stays exactly the formatter's.
 */
public final class PbxLocalTime {
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private PbxLocalTime() {
    }

    /** @throws DateTimeParseException as {@code LocalDateTime.parse(text, FORMAT)} */
    public static LocalDateTime parse(String text) {
        if (text.length() == 19 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == ' '
                && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= lengthOfMonth(year, month)
                    && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
                return LocalDateTime.of(year, month, day, hour, minute, second);
            }
        }
        return LocalDateTime.parse(text, FORMAT);
    }

    /** The instant {@code local} names in {@code zone}: {@code local.atZone(zone).toInstant()}. */
    public static Instant instant(LocalDateTime local, ZoneId zone) {
        // A fixed offset needs no zone rules (and no ZonedDateTime): the same instant, directly.
        return zone instanceof ZoneOffset offset ? local.toInstant(offset) : local.atZone(zone).toInstant();
    }

    /** The number of {@code count} ASCII digits at {@code from}; -1 when any is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> java.time.Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
