package io.pbxbridge.connector.spi;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The direct reading gives exactly what the formatter gives, or fails where it fails. */
class PbxLocalTimeTest {

    @Test
    void sameAsTheFormatterOnEdgesAndRandomText() {
        List<String> inputs = new ArrayList<>(List.of("2017-09-14 09:30:15", "2024-02-29 23:59:59", "2023-02-29 00:00:00",
                "2023-02-30 12:00:00", "2023-02-31 12:00:00", "2023-04-31 12:00:00", "2023-04-32 12:00:00",
                "2023-13-01 00:00:00", "2023-00-10 00:00:00", "2023-01-00 00:00:00", "2023-01-01 24:00:00",
                "2023-01-01 24:00:01", "2023-01-01 23:60:00", "2023-01-01 23:59:60", "0000-01-01 00:00:00",
                "0001-01-01 00:00:00", "9999-12-31 23:59:59", "2017-09-14T09:30:15", "2017-09-14 9:30:15",
                "12017-09-14 09:30:15", "2017-9-14 09:30:15", "2017-09-14 09:30:15 ", "+017-09-14 09:30:15",
                "2017-09-14 09:30:1x", "", "2017-09-14", "1900-02-29 00:00:00", "2000-02-29 00:00:00",
                "２017-09-14 09:30:15"));
        Random random = new Random(7);
        String alphabet = "0123456789 -:T+x";
        for (int i = 0; i < 20_000; i++) {
            char[] chars = "2017-09-14 09:30:15".toCharArray();
            for (int k = random.nextInt(3); k >= 0; k--) {
                chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            inputs.add(new String(chars));
        }
        for (String text : inputs) {
            assertThat(outcome(() -> PbxLocalTime.parse(text))).as("'%s'", text)
                    .isEqualTo(outcome(() -> LocalDateTime.parse(text, PbxLocalTime.FORMAT)));
        }
    }

    @Test
    void theInstantInAZoneIsTheZonedOnes() {
        for (String text : List.of("2017-09-14 09:30:15", "2026-03-29 02:30:00", "2026-10-25 02:30:00", "0001-01-01 00:00:00",
                "9999-12-31 23:59:59")) {
            LocalDateTime local = PbxLocalTime.parse(text);
            for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-11),
                    ZoneId.of("Europe/Paris"), ZoneId.of("UTC"), ZoneId.of("GMT+2"))) {
                assertThat(PbxLocalTime.instant(local, zone)).as("%s in %s", text, zone)
                        .isEqualTo(local.atZone(zone).toInstant());
            }
        }
    }

    private static String outcome(java.util.function.Supplier<LocalDateTime> parse) {
        try {
            return parse.get().toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }
}
