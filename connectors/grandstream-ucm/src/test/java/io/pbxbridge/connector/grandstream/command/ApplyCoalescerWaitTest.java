package io.pbxbridge.connector.grandstream.command;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Which applyChanges refusals are retried, and after how long (the loopback tests run the retries). */
class ApplyCoalescerWaitTest {

    @Test
    void tooFrequentWaitsWhatThePbxSaysBusyWaitsTheOptionOthersAreFinal() {
        ApplyCoalescer apply = new ApplyCoalescer(null, () -> Future.failedFuture("unused"), UcmCommandOptions.defaults());
        assertThat(apply.waitFor(-45)).isEqualTo(Duration.ofSeconds(15));
        assertThat(apply.waitFor(-46)).isEqualTo(Duration.ofSeconds(15));
        assertThat(apply.waitFor(-57)).isEqualTo(Duration.ofSeconds(60));
        assertThat(apply.waitFor(-69)).isEqualTo(Duration.ofSeconds(30));
        assertThat(apply.waitFor(-98)).isEqualTo(Duration.ofSeconds(30));
        assertThat(apply.waitFor(-1)).isNull();
        assertThat(apply.waitFor(-16)).isNull();
        assertThat(apply.waitFor(-12345)).isNull();
    }

    @Test
    void theRetryWaitOptionOverridesTheDocumentedWaits() {
        UcmCommandOptions fast = new UcmCommandOptions(Duration.ofMillis(10), Duration.ofMillis(5), Duration.ofMillis(7), 2,
                100, 100, null);
        ApplyCoalescer apply = new ApplyCoalescer(null, () -> Future.failedFuture("unused"), fast);
        assertThat(apply.waitFor(-57)).isEqualTo(Duration.ofMillis(5));
        assertThat(apply.waitFor(-69)).isEqualTo(Duration.ofMillis(7));
    }
}
