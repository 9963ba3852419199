package io.pbxbridge.connector.spi.capture;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayOptionsTest {
    @Test
    void theReplayOptionsAreTakenOutTheRestIsLeft() {
        ReplayOptions o = ReplayOptions.extract(new String[]{"--port", "0", "--replay", "c.jsonl", "--speed=10", "--seed", "3"});
        assertThat(o.capture()).isEqualTo(Path.of("c.jsonl"));
        assertThat(o.speed()).isEqualTo(10);
        assertThat(o.rest()).containsExactly("--port", "0", "--seed", "3");

        ReplayOptions fastest = ReplayOptions.extract(new String[]{"--replay=c.jsonl", "--as-fast-as-possible"});
        assertThat(fastest.speed()).isEqualTo(CapturePlayback.AS_FAST_AS_POSSIBLE);
        assertThat(ReplayOptions.extract(new String[]{"--replay", "c.jsonl"}).speed()).isEqualTo(1);
        assertThat(ReplayOptions.extract(new String[]{"--cps", "1"}).replaying()).isFalse();
    }

    @Test
    void badCombinationsAreRefused() {
        assertThatThrownBy(() -> ReplayOptions.extract(new String[]{"--speed", "2"})).hasMessageContaining("need --replay");
        assertThatThrownBy(() -> ReplayOptions.extract(new String[]{"--replay", "c", "--speed", "0"}))
                .hasMessageContaining("positive number");
        assertThatThrownBy(() -> ReplayOptions.extract(new String[]{"--replay", "c", "--speed", "2", "--as-fast-as-possible"}))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ReplayOptions.extract(new String[]{"--replay"})).hasMessageContaining("needs a value");
    }
}
