package io.pbxbridge.bridge.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The status page's optional credentials: {@code management.username/password}, {@code token}, {@code protect_metrics}. */
class ManagementAuthConfigTest {

    private static ManagementConfig management(String yaml) {
        return ConfigLoader.parse(yaml, Map.of()).management();
    }

    @Test
    void openByDefault() {
        ManagementConfig m = management("");
        assertThat(m.authRequired()).isFalse();
        assertThat(m.protectMetrics()).isFalse();
        assertThat(m.host()).isEqualTo("0.0.0.0");
        assertThat(m.port()).isEqualTo(8081);
    }

    @Test
    void basicAuthAndTokenFromFilesLikeEveryOtherSecret(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("password"), "page-password\n");
        Files.writeString(dir.resolve("token"), "0123456789abcdef0123\n");
        ManagementConfig m = management("""
                management:
                  username: operator
                  password_file: %s
                  token_file: %s
                  protect_metrics: true
                """.formatted(dir.resolve("password"), dir.resolve("token")));
        assertThat(m.username()).isEqualTo("operator");
        assertThat(m.password().reveal()).isEqualTo("page-password");
        assertThat(m.token().reveal()).isEqualTo("0123456789abcdef0123");
        assertThat(m.protectMetrics()).isTrue();
        assertThat(m.toString()).doesNotContain("page-password").doesNotContain("0123456789abcdef0123");
    }

    @Test
    void incompleteOrWeakSettingsNameTheKey() {
        assertThatThrownBy(() -> management("management: {username: operator}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.password");
        assertThatThrownBy(() -> management("management: {password: secret-secret}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.username");
        assertThatThrownBy(() -> management("management: {username: a, password: b, password_file: /x}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.password");
        assertThatThrownBy(() -> management("management: {token: short}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.token").hasMessageContaining("16");
        assertThatThrownBy(() -> management("management: {protect_metrics: true}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("management.protect_metrics");
    }
}
