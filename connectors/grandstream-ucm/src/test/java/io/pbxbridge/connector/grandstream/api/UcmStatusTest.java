package io.pbxbridge.connector.grandstream.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UcmStatusTest {
    @Test
    void wireCodesAreUniqueAndClassified() {
        assertThat(Arrays.stream(UcmStatus.values()).map(UcmStatus::code)).doesNotHaveDuplicates();
        assertThat(UcmStatus.fromCode(-6)).contains(UcmStatus.COOKIE_ERROR);
        assertThat(UcmStatus.fromCode(-999)).isEmpty();
        assertThat(Arrays.stream(UcmStatus.values()).filter(UcmStatus::invalidatesCookie))
                .containsExactlyInAnyOrder(UcmStatus.NEED_AUTHENTICATION, UcmStatus.COOKIE_ERROR, UcmStatus.SYSTEM_TIMEOUT);
        assertThat(Arrays.stream(UcmStatus.values()).filter(UcmStatus::rejectsCredentials))
                .containsExactlyInAnyOrder(UcmStatus.WRONG_CREDENTIALS, UcmStatus.NO_SUCH_USER);
        assertThat(Arrays.stream(UcmStatus.values()).filter(UcmStatus::locksOut))
                .containsExactlyInAnyOrder(UcmStatus.LOGIN_RESTRICTION, UcmStatus.LOGIN_FORBIDDEN);
        assertThat(UcmStatus.TOO_FREQUENT_60S.retryAfterSeconds()).isEqualTo(60);
        assertThat(UcmStatus.describe(-37)).isEqualTo("-37 (Wrong account or password)");
        assertThat(UcmStatus.describe(-12345)).isEqualTo("-12345 (unknown status)");
    }

    @Test
    void responseEnvelopeParsing() {
        UcmResponse locked = UcmResponse.parse(new JsonObject().put("status", "-68").put("response", new JsonObject().put("remain_time", "300")));
        assertThat(locked.error()).contains(UcmStatus.LOGIN_RESTRICTION);
        assertThat(locked.remainTime()).isEqualTo(300);
        UcmResponse cdr = UcmResponse.parse(new JsonObject().put("cdr_root", new io.vertx.core.json.JsonArray()));
        assertThat(cdr.success()).isTrue();
        assertThat(cdr.response().containsKey("cdr_root")).isTrue();
        assertThatThrownBy(() -> UcmResponse.parse(new JsonObject().put("status", "oops"))).isInstanceOf(IllegalArgumentException.class);
    }
}
