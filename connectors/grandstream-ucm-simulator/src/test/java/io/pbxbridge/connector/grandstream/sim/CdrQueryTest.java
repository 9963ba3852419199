package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CdrQueryTest {
    private static CdrQuery parse(Object... kv) {
        JsonObject r = new JsonObject().put("format", "json");
        for (int i = 0; i < kv.length; i += 2) {
            r.put((String) kv[i], kv[i + 1]);
        }
        return CdrQuery.parse(new ApiParams(r));
    }

    @Test
    void acceptsTheDocumentedTimeFormats() {
        assertThat(parse("startTime", "2019-11-27").from()).isEqualTo(Instant.parse("2019-11-27T00:00:00Z"));
        assertThat(parse("endTime", "2019-11-27").to()).isEqualTo(Instant.parse("2019-11-27T23:59:59Z"));
        assertThat(parse("startTime", "2019-11-27T07:17").from()).isEqualTo(Instant.parse("2019-11-27T07:17:00Z"));
        assertThat(parse("startTime", "2019-11-27T07:17:08").from()).isEqualTo(Instant.parse("2019-11-27T07:17:08Z"));
        assertThat(parse("startTime", "2019-11-27T07:17:08.500").from()).isEqualTo(Instant.parse("2019-11-27T07:17:08.500Z"));
        assertThat(parse("startTime", "2019-11-27T07:17%2B02:00").from()).isEqualTo(Instant.parse("2019-11-27T05:17:00Z"));
        assertThat(parse("startTime", "2019-11-27T07:17:08-05:00").from()).isEqualTo(Instant.parse("2019-11-27T12:17:08Z"));
    }

    @Test
    void refusesBadValues() {
        assertThatThrownBy(() -> parse("startTime", "27/11/2019")).isInstanceOf(UcmApiException.class)
                .extracting(e -> ((UcmApiException) e).status()).isEqualTo(UcmStatus.INVALID_VALUE);
        assertThatThrownBy(() -> parse("timeFilterType", "Middle")).isInstanceOf(UcmApiException.class);
        assertThatThrownBy(() -> parse("caller", "2000-1000")).isInstanceOf(UcmApiException.class);
        assertThatThrownBy(() -> parse("offset", "-1")).isInstanceOf(UcmApiException.class);
    }

    @Test
    void numberPatternsFollowTheSeedsSyntax() {
        CdrQuery q = parse("caller", "5300,5302-5304,_4@");
        assertThat(q.caller()).hasSize(3);
        assertThat(q.caller().get(1).matcher("5303").matches()).isTrue();
        assertThat(q.caller().get(1).matcher("5305").matches()).isFalse();
        assertThat(q.caller().get(2).matcher("1400").matches()).isTrue();
        assertThat(q.caller().get(2).matcher("14").matches()).isTrue();
        assertThat(q.caller().get(2).matcher("1500").matches()).isFalse();
        assertThat(parse("caller", "0-0").caller().get(0).matcher("").matches()).isTrue();
        assertThat(parse("caller", "0-0").caller().get(0).matcher("anonymous").matches()).isTrue();
        assertThat(parse("caller", "0-0").caller().get(0).matcher("1000").matches()).isFalse();
        assertThat(parse("tineFilterType", "End").byEnd()).isTrue();
    }
}
