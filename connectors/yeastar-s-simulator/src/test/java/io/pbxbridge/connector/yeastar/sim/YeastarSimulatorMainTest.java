package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YeastarSimulatorMainTest {

    @Test
    void parsesTheDocumentedArguments() {
        YeastarSimulatorOptions o = YeastarSimulatorMain.toOptions(YeastarSimulatorMain.parse(new String[] {
                "--port", "8088", "--api-version", "2.0.0", "--username", "api", "--password", "secret",
                "--extensions", "20", "--first-extension", "2000", "--trunks", "a,b", "--inbound-control",
                "--calls-per-second", "0.5", "--step-delay-ms=100", "--token-ttl-s", "60"}));
        assertThat(o.port()).isEqualTo(8088);
        assertThat(o.apiVersion()).isEqualTo(YeastarApiVersion.V2_0_0);
        assertThat(o.password().reveal()).isEqualTo("secret");
        assertThat(o.extensionCount()).isEqualTo(20);
        assertThat(o.firstExtension()).isEqualTo(2000);
        assertThat(o.trunks()).extracting(TrunkSpec::name).containsExactly("a", "b", "GSM-trunk");
        assertThat(o.trunks().get(0).controlInboundAnswering()).isTrue();
        assertThat(o.callStepDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.tokenTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.toString()).doesNotContain("secret");
    }

    @Test
    void rejectsUnknownOptionsAndBadNumbers() {
        assertThatThrownBy(() -> YeastarSimulatorMain.toOptions(YeastarSimulatorMain.parse(new String[] {"--colour", "x"})))
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> YeastarSimulatorMain.toOptions(YeastarSimulatorMain.parse(new String[] {"--port", "x"})))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> YeastarSimulatorMain.parse(new String[] {"--port"})).hasMessageContaining("missing value");
        assertThatThrownBy(() -> YeastarSimulatorMain.toOptions(YeastarSimulatorMain.parse(new String[] {"--api-version", "3"})))
                .hasMessageContaining("unsupported");
    }
}
