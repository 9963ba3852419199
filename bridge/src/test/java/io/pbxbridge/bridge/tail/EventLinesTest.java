package io.pbxbridge.bridge.tail;

import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The readable line's layout: time, PBX padded to 14, type padded to 26, detail (the demo's live tail). */
class EventLinesTest {
    private static final Instant AT = Instant.parse("2026-03-02T09:15:30.250Z");
    private static final String TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault()).format(AT);

    @Test
    void padsPbxAndTypeIntoColumns() {
        CallEvent ringing = CallEvent.newBuilder()
                .setHeader(EventHeader.newBuilder().setEventId("e").setPbxId("demo-yeastar").setReceivedAt(AT)
                        .setReportFormat("t").setIngress(IngressChannel.HTTP_REPORT).setRawPayload("{}")
                        .setBridgeVersion("t").build())
                .setCallId("1795723348.633").setType(CallEventType.RINGING).setTypeRaw("RING")
                .setParties(List.of(Party.newBuilder().setRole(PartyRole.CALLEE).setKind(PartyKind.EXTENSION)
                        .setNumber("1004").build()))
                .build();
        assertThat(EventLines.format(ringing)).isEqualTo(String.format("%s  %-14s %-26s %s", TIME, "demo-yeastar",
                "call ringing", "call=1795723348.633  [callee extension 1004]"));
    }

    @Test
    void longValuesAreNotCutAndAMissingPbxReadsNull() {
        DeadLetter d = DeadLetter.newBuilder().setSource(DeadLetterSource.COMMAND).setReason("not a Command")
                .setRaw(ByteBuffer.allocate(0)).setReceivedAt(AT).setBridgeVersion("t").build();
        assertThat(EventLines.format(d)).isEqualTo(String.format("%s  %-14s %-26s %s", TIME, null, "dead-letter",
                "not a Command"));
        d.setPbxId("a-pbx-id-much-longer-than-fourteen");
        assertThat(EventLines.format(d)).isEqualTo(TIME + "  a-pbx-id-much-longer-than-fourteen dead-letter"
                + " ".repeat(15) + " not a Command");
    }
}
