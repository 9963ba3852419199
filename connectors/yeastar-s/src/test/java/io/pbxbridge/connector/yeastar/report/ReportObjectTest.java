package io.pbxbridge.connector.yeastar.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lookups on objects small enough to be scanned (up to 4 entries) and large enough to be indexed, with repeated keys. */
class ReportObjectTest {

    /** {@code fields} distinct keys f0, f1..., with "ext" at the start, in the middle (from 2 fields on) and at the end. */
    private static ReportObject object(int fields) {
        List<String> keys = new ArrayList<>();
        List<ReportValue> values = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            if (i == 0 || i == fields / 2) {
                keys.add("ext");
                values.add(new ReportScalar("ext@" + i, true));
            }
            keys.add("f" + i);
            values.add(new ReportScalar("v" + i, true));
        }
        keys.add("ext");
        values.add(new ReportScalar("ext@end", true));
        return new ReportObject(keys.toArray(String[]::new), values.toArray(ReportValue[]::new));
    }

    @ParameterizedTest(name = "{0} fields")
    @ValueSource(ints = {1, 2, 3, 13, 40})
    void findsFirstOccurrencesAndEveryRepeatInOrderWhetherScannedOrIndexed(int fields) {
        ReportObject object = object(fields);
        List<String> exts = fields / 2 == 0 ? List.of("ext@0", "ext@end") : List.of("ext@0", "ext@" + fields / 2, "ext@end");
        assertThat(object.size()).isEqualTo(fields + exts.size());
        for (int i = 0; i < fields; i++) {
            // A key equal to, but not the same instance as, the one parsed: found by equality too.
            assertThat(object.text(new String("f" + i))).isEqualTo("v" + i);
        }
        assertThat(object.text("ext")).isEqualTo("ext@0");
        assertThat(object.all("ext")).extracting(ReportValue::text).containsExactlyElementsOf(exts);
        List<String> chain = new ArrayList<>();
        for (int i = object.indexOf("ext"); i >= 0; i = object.nextSame(i)) {
            assertThat(object.keyAt(i)).isEqualTo("ext");
            chain.add(object.valueAt(i).text());
        }
        assertThat(chain).containsExactlyElementsOf(exts);
        assertThat(object.indexOf("absent")).isEqualTo(-1);
        assertThat(object.entries()).hasSize(fields + exts.size());
        assertThat(object).isEqualTo(object(fields)).hasSameHashCodeAs(object(fields));
    }
}
