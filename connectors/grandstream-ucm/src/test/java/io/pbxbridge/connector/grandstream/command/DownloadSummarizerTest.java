package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.grandstream.api.UcmRawReply;
import io.pbxbridge.connector.grandstream.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadSummarizerTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        Await.result(vertx.close());
    }

    @Test
    void largeTextIsReferencedWithoutEchoingTheToken() {
        UcmCommandOptions options = new UcmCommandOptions(Duration.ofSeconds(1), null, Duration.ofSeconds(1), 1, 10, 10, null);
        JsonObject params = new JsonObject().put("format", "xml").put("token", "16c4a7b1fe890f89c8908f3f522fc18f").put("data", "<x/>");
        JsonObject out = Await.result(new DownloadSummarizer(vertx, options, "ucm-1").summarize("pmsapi", params,
                new UcmRawReply("text/xml", null, Buffer.buffer("<pms_data_response>ok</pms_data_response>"))));

        JsonObject download = out.getJsonObject("download");
        assertThat(download.getBoolean("inline")).isFalse();
        assertThat(download.getInteger("size")).isEqualTo("<pms_data_response>ok</pms_data_response>".length());
        assertThat(download.getJsonObject("fetch").getJsonObject("parameters").fieldNames()).containsExactlyInAnyOrder("format", "data");
        assertThat(out.encode()).doesNotContain("16c4a7b1fe890f89c8908f3f522fc18f");
    }

    @Test
    void smallTextIsInlineAsText() {
        JsonObject out = Await.result(new DownloadSummarizer(vertx, UcmCommandOptions.defaults(), "ucm-1").summarize("cdrapi",
                new JsonObject().put("format", "csv"), new UcmRawReply("text/csv;charset=UTF-8", null, Buffer.buffer("a,b\n1,2\n"))));

        assertThat(out.getJsonObject("download").getString("encoding")).isEqualTo("text");
        assertThat(out.getJsonObject("download").getString("content")).isEqualTo("a,b\n1,2\n");
    }
}
