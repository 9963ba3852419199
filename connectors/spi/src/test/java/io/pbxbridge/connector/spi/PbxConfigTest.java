package io.pbxbridge.connector.spi;

import io.pbxbridge.connector.spi.settings.OptionSet;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PbxConfigTest {
    private static final Setting<String> WS_PASSWORD = Setting.of("ws_password", ValueType.text());
    private static final OptionSet OPTIONS = OptionSet.of(Setting.of("ws_username", ValueType.text()), WS_PASSWORD,
            Setting.of("ws_password_file", ValueType.path()), Setting.of("cdr_poll_interval", ValueType.duration()));

    @Test
    void toStringMasksSecretsIncludingSecretOptions() {
        PbxConfig pbx = new PbxConfig("ucm-1", "grandstream-ucm", URI.create("https://10.0.0.5:8089"), "cdrapi",
                Secret.of("api-pass"), "1.0", Secret.of("report-secret-123456"), List.of(), null, Duration.ofMinutes(4),
                ZoneOffset.UTC, OPTIONS.parse(Map.of("ws_username", "admin", "ws_password", "web-pass",
                        "ws_password_file", "/run/secrets/ws", "cdr_poll_interval", "30s")));

        String text = pbx.toString();

        assertThat(text).doesNotContain("api-pass").doesNotContain("web-pass").doesNotContain("report-secret-123456")
                .contains("ws_username=admin").contains("cdr_poll_interval=30s").contains("ws_password=******")
                .contains("ws_password_file=/run/secrets/ws");
        assertThat(pbx.options().get(WS_PASSWORD)).isEqualTo("web-pass");
    }
}
