package io.pbxbridge.connector.grandstream.sim;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UcmSimulatorMainTest {
    @Test
    void parsesArgumentsAndTakesPasswordsFromTheEnvironment() {
        UcmSimulatorOptions o = UcmSimulatorMain.parse(new String[]{"--port", "0", "--model=fcm630a", "--api-user", "api",
                "--web-user", "web", "--extensions", "20", "--first-extension", "2000", "--cps", "1.5", "--call-control"},
                Map.of("UCM_SIM_API_PASSWORD", "envApiPw", "UCM_SIM_WEB_PASSWORD", "envWebPw"));
        assertThat(o.port()).isZero();
        assertThat(o.model()).isEqualTo(UcmModel.FCM630A);
        assertThat(o.apiUser()).isEqualTo("api");
        assertThat(o.apiPassword().reveal()).isEqualTo("envApiPw");
        assertThat(o.webPassword().reveal()).isEqualTo("envWebPw");
        assertThat(o.extensionCount()).isEqualTo(20);
        assertThat(o.firstExtension()).isEqualTo(2000);
        assertThat(o.callsPerSecond()).isEqualTo(1.5);
        assertThat(o.callControl()).isTrue();
        assertThat(o.toString()).doesNotContain("envApiPw").doesNotContain("envWebPw");
    }

    @Test
    void refusesBadArguments() {
        assertThatThrownBy(() -> UcmSimulatorMain.parse(new String[]{"--model", "UCM9999"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UCM9999");
        assertThatThrownBy(() -> UcmSimulatorMain.parse(new String[]{"--port", "x"}, Map.of()))
                .hasMessageContaining("--port");
        assertThatThrownBy(() -> UcmSimulatorMain.parse(new String[]{"--bogus", "1"}, Map.of()))
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> UcmSimulatorMain.parse(new String[]{"--cps"}, Map.of()))
                .hasMessageContaining("needs a value");
    }
}
