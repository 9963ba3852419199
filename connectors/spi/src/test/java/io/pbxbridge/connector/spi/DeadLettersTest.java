package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {
    private static final BridgeInfo BRIDGE = new BridgeInfo("1.2.3", "node-1");
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void buildsAKeyedDeadLetterKeepingTheInputWhole() {
        byte[] body = "{\"action\":".getBytes(StandardCharsets.UTF_8);
        RawReport report = new RawReport("hq", body, AT, IngressChannel.HTTP_REPORT);

        NormalizedRecord record = DeadLetters.forReport(report, Vendor.YEASTAR_S, "not valid JSON", BRIDGE,
                "/reports/hq");
        body[0] = 'X'; // the record must not share the caller's buffer

        assertThat(record.topic()).isEqualTo(BridgeTopic.DLQ);
        assertThat(record.key()).isEqualTo("hq");
        assertThat(record.ceType()).isEqualTo(CeTypes.deadLetter());
        assertThat(record.time()).isEqualTo(AT);
        assertThat(record.eventId()).isEqualTo(EventIds.of("hq", "{\"action\":".getBytes(StandardCharsets.UTF_8), -1))
                .isNotEqualTo(EventIds.of("hq", "{\"action\":".getBytes(StandardCharsets.UTF_8), 0));
        DeadLetter dl = (DeadLetter) record.value();
        assertThat(dl.getSource()).isEqualTo(DeadLetterSource.REPORT_INGRESS);
        assertThat(dl.getSourceDetail()).isEqualTo("/reports/hq");
        assertThat(dl.getPbxId()).isEqualTo("hq");
        assertThat(dl.getVendor()).isEqualTo(Vendor.YEASTAR_S);
        assertThat(dl.getReason()).isEqualTo("not valid JSON");
        assertThat(text(dl.getRaw())).isEqualTo("{\"action\":");
        assertThat(dl.getReceivedAt()).isEqualTo(AT);
        assertThat(dl.getBridgeVersion()).isEqualTo("1.2.3");
    }

    @Test
    void unknownPbxGivesANullKeyAndChannelMapsToSource() {
        RawReport report = new RawReport(null, new byte[0], AT, IngressChannel.WEBSOCKET);
        NormalizedRecord record = DeadLetters.forReport(report, null, " ", BRIDGE, null);
        assertThat(record.key()).isNull();
        DeadLetter dl = (DeadLetter) record.value();
        assertThat(dl.getPbxId()).isNull();
        assertThat(dl.getVendor()).isEqualTo(Vendor.UNKNOWN);
        assertThat(dl.getSource()).isEqualTo(DeadLetterSource.WEBSOCKET);
        assertThat(dl.getReason()).isEqualTo("unspecified");
        assertThat(dl.getRaw().remaining()).isZero();
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
