package io.pbxbridge.bridge.management;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsReadinessCheckTest {

    private static CheckResult check(Map<String, String> states) {
        SessionsReadinessCheck check = new SessionsReadinessCheck(() -> true, () -> "not joined",
                states::keySet, id -> Optional.ofNullable(states.get(id)));
        return check.check().result();
    }

    @Test
    void aFewSessionsAreEachNamed() {
        CheckResult r = check(Map.of("hq", "UP", "branch", "DOWN"));
        assertThat(r.up()).isTrue();
        assertThat(r.detail()).isEqualTo("owned PBX sessions: {branch=DOWN, hq=UP}");
    }

    @Test
    void aFleetIsCountedByStateAndOnlyTheFirstSessionsNotUpAreNamed() {
        Map<String, String> states = new LinkedHashMap<>();
        for (int i = 999; i >= 0; i--) { // not in id order: the detail names the first by id
            states.put(String.format("pbx-%04d", i), i % 10 == 0 ? (i % 20 == 0 ? "DOWN" : "LOCKED_OUT") : "UP");
        }
        CheckResult r = check(states);
        assertThat(r.up()).as("PBXes down do not make the instance unready").isTrue();
        assertThat(r.detail()).startsWith("owned PBX sessions: 1000 {DOWN=50, LOCKED_OUT=50, UP=900}; not up: "
                + "pbx-0000=DOWN pbx-0010=LOCKED_OUT pbx-0020=DOWN")
                .endsWith("pbx-0190=LOCKED_OUT … 80 more");
        assertThat(r.detail().split("=(DOWN|LOCKED_OUT) ")).hasSize(SessionsReadinessCheck.NAMED + 1);
    }

    @Test
    void notJoinedIsNotReady() {
        SessionsReadinessCheck check = new SessionsReadinessCheck(() -> false, () -> "joining command group",
                List::of, id -> Optional.empty());
        assertThat(check.check().result()).isEqualTo(CheckResult.failing("joining command group"));
    }
}
