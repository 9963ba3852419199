package io.pbxbridge.bridge.ingress;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The primitive-array memory behaves exactly like an insertion-ordered map bounded by count and time. */
class AcknowledgedReportsTest {

    @Test
    void behavesLikeABoundedInsertionOrderedMapUnderRandomOperations() {
        for (int maxReports : new int[] {1, 3, 1000, 5000}) {
            Random random = new Random(maxReports);
            AcknowledgedReports memory = new AcknowledgedReports(maxReports);
            Map<Long, Long> model = new LinkedHashMap<>();
            long now = 0;
            for (int step = 0; step < 200_000; step++) {
                // small fingerprints: many share a home slot, so probe runs wrap and deletions shift entries back
                long fingerprint = 1 + random.nextInt(3 * maxReports + 7);
                int op = random.nextInt(100);
                if (op < 55) {
                    now += random.nextInt(3);
                    memory.add(fingerprint, now);
                    if (!model.containsKey(fingerprint)) {
                        if (model.size() == maxReports) {
                            Iterator<Long> oldest = model.keySet().iterator();
                            oldest.next();
                            oldest.remove();
                        }
                        model.put(fingerprint, now);
                    }
                } else if (op < 57) {
                    long cutoff = now - random.nextInt(200);
                    memory.forgetAcknowledgedUpTo(cutoff);
                    model.values().removeIf(time -> time <= cutoff);
                } else {
                    assertThat(memory.contains(fingerprint)).as("step %d, fingerprint %d", step, fingerprint)
                            .isEqualTo(model.containsKey(fingerprint));
                }
                assertThat(memory.size()).isEqualTo(model.size());
            }
            assertThat(memory.tableEntries()).as("no entry lost or left behind in the table").isEqualTo(model.size());
            for (long fingerprint : model.keySet()) {
                assertThat(memory.contains(fingerprint)).isTrue();
            }
        }
    }

    @Test
    void growsFromASmallTableToTheBoundKeepingTheOrder() {
        AcknowledgedReports memory = new AcknowledgedReports(10_000);
        for (long i = 1; i <= 10_000; i++) {
            memory.add(AcknowledgedReports.fingerprint("report-" + i), i);
        }
        assertThat(memory.size()).isEqualTo(10_000);
        memory.add(AcknowledgedReports.fingerprint("report-10001"), 10_001);
        assertThat(memory.contains(AcknowledgedReports.fingerprint("report-1"))).as("the oldest went first").isFalse();
        assertThat(memory.contains(AcknowledgedReports.fingerprint("report-2"))).isTrue();
        memory.forgetAcknowledgedUpTo(5_000);
        assertThat(memory.size()).isEqualTo(5_001);
        assertThat(memory.contains(AcknowledgedReports.fingerprint("report-5000"))).isFalse();
        assertThat(memory.contains(AcknowledgedReports.fingerprint("report-5001"))).isTrue();
        assertThat(memory.tableEntries()).isEqualTo(5_001);
    }

    @Test
    void fingerprintsTellEventIdsApart() {
        Map<Long, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String key = String.format("%032x", (long) i * 0x9E3779B97F4A7C15L);
            assertThat(seen.put(AcknowledgedReports.fingerprint(key), key)).as(key).isNull();
        }
        assertThat(AcknowledgedReports.fingerprint("e1")).isEqualTo(AcknowledgedReports.fingerprint("e1"))
                .isNotEqualTo(AcknowledgedReports.fingerprint("e2"))
                .isNotZero();
        assertThat(AcknowledgedReports.fingerprint("")).as("0 is the free-slot mark").isNotZero();
    }

    @Test
    void refusesANonPositiveBound() {
        assertThatThrownBy(() -> new AcknowledgedReports(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
