package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static io.pbxbridge.connector.yeastar.report.Fixtures.PBX_ID;
import static io.pbxbridge.connector.yeastar.report.Fixtures.describe;
import static io.pbxbridge.connector.yeastar.report.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ReportQuirksTest {

    @Test
    void repeatedExtKeysAreBothPartiesInOrder() throws Exception {
        CallEvent event = (CallEvent) single("v1.0.0/answered.json").value();
        assertThat(event.getParties()).extracting(p -> p.getNumber()).containsExactly("1002", "1000");
        assertThat(event.getAttributes()).as("no ext#2 left over").isEmpty();
    }

    @Test
    void arrayExtidIsOnePartyPerElement() throws Exception {
        CallEvent event = (CallEvent) single("quirks/bye-openvox-array-extid-1.json").value();
        assertThat(describe(event.getParties()))
                .containsExactly("UNKNOWN:EXTENSION:106:106", "UNKNOWN:EXTENSION:101:101");
        assertThat(event.getAttributes()).containsExactly(entry("released_by", "106"));
    }

    @Test
    void twoByeReportsForOneCallAreBothPublished() throws Exception {
        NormalizedRecord first = single("quirks/bye-first-of-two.json");
        NormalizedRecord second = single("quirks/bye-second-of-two.json");
        assertThat(first.key()).isEqualTo(second.key()).isEqualTo(PBX_ID + "/1495706238.328");
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
        assertThat(((CallEvent) first.value()).getAttributes()).containsEntry("released_by", "1000");
        assertThat(((CallEvent) second.value()).getAttributes()).containsEntry("released_by", "1002");
    }

    @Test
    void openVoxByePairWithDifferentCallIdsIsTwoEvents() throws Exception {
        NormalizedRecord first = single("quirks/bye-openvox-array-extid-1.json");
        NormalizedRecord second = single("quirks/bye-openvox-array-extid-2.json");
        assertThat(first.key()).isEqualTo(PBX_ID + "/1600000000.10");
        assertThat(second.key()).isEqualTo(PBX_ID + "/1600000000.11");
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
    }

    @Test
    void numbersAsJsonNumbersWork() throws Exception {
        CallEvent event = (CallEvent) single("quirks/numbers-as-numbers-dtmf.json").value();
        assertThat(describe(event.getParties())).containsExactly("UNKNOWN:EXTENSION:1005:1005");
        assertThat(event.getHeader().getPbxSerial()).isEqualTo("369362089179");
    }

    @Test
    void configuredVersionDoesNotOverrideTheDetectedShape() throws Exception {
        byte[] legacy = Fixtures.bytes("v1.0.0/ring-internal.json");
        for (String configured : new String[] {"1.0.0", "1.1.0", "2.0.0"}) {
            NormalizedRecord r = new YeastarReportNormalizer(Fixtures.pbx(PBX_ID, configured), Fixtures.BRIDGE)
                    .normalize(Fixtures.report(PBX_ID, legacy)).get(0);
            CallEvent event = (CallEvent) r.value();
            assertThat(event.getHeader().getReportFormat()).isEqualTo("yeastar-1.0.0");
            assertThat(event.getParties()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            quirks/unknown-action.json               | HotelWakeUp | unmodelled Yeastar report 'HotelWakeUp'
            quirks/unknown-event.json                | FutureThing | unmodelled Yeastar report 'FutureThing'
            quirks/no-action.json                    | ''          | report has neither 'action' nor 'event'
            quirks/trunk-report-without-status.json  | TrunkAlarm  | unmodelled Yeastar report 'TrunkAlarm'
            quirks/ring-without-callid.json          | RING        | RING report without 'callid'
            """)
    void unmodelledReportsArePublishedRaw(String fixture, String typeRaw, String reason) throws Exception {
        NormalizedRecord record = single(fixture);
        assertThat(record.topic()).isEqualTo(BridgeTopic.SYSTEM);
        assertThat(record.key()).isEqualTo(PBX_ID);
        assertThat(record.ceType()).isEqualTo(CeTypes.system(PbxEventType.UNMODELLED_REPORT));
        PbxEvent event = (PbxEvent) record.value();
        assertThat(event.getType()).isEqualTo(PbxEventType.UNMODELLED_REPORT);
        assertThat(event.getTypeRaw()).isEqualTo(typeRaw);
        assertThat(event.getReason()).isEqualTo(reason);
        assertThat(event.getHeader().getRawPayload())
                .isEqualTo(new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8));
    }

    @Test
    void unmodelledReportFieldsAreFlattenedIntoAttributes() throws Exception {
        PbxEvent action = (PbxEvent) single("quirks/unknown-action.json").value();
        assertThat(action.getAttributes()).containsOnly(entry("room", "301"), entry("time", "07:00"),
                entry("ext.extid", "301"));
        PbxEvent event = (PbxEvent) single("quirks/unknown-event.json").value();
        assertThat(event.getAttributes()).containsOnly(entry("callid", "1600000001.1"), entry("detail.a", "1"),
                entry("detail.b", "[\"x\",\"y\"]"));
    }

    @Test
    void unmappedFieldsOfKnownReportsAreKeptAsAttributes() throws Exception {
        byte[] body = """
                {"action":"RING","callid":"9.1","ext":{"extid":"1000","displayname":"Amy"},"ext":{"extid":"1002"},\
                "newfield":"x","newfield":"y","call":[{"ivr":{"ivrid":"6500"}}]}""".getBytes(StandardCharsets.UTF_8);
        CallEvent event = (CallEvent) Fixtures.normalizeBody(PBX_ID, body).get(0).value();
        assertThat(event.getParties()).hasSize(2);
        assertThat(event.getAttributes()).containsOnly(entry("newfield", "x"), entry("newfield#2", "y"),
                entry("party.0.displayname", "Amy"), entry("call.0.ivr.ivrid", "6500"));
    }

    @Test
    void headerIsComplete() throws Exception {
        String fixture = "v1.1.0/answer.json";
        byte[] body = Fixtures.bytes(fixture);
        EventHeader h = ((CallEvent) single(fixture).value()).getHeader();
        assertThat(h.getEventId()).isEqualTo(EventIds.of(PBX_ID, body, 0));
        assertThat(h.getPbxId()).isEqualTo(PBX_ID);
        assertThat(h.getVendor()).isEqualTo(Vendor.YEASTAR_S);
        assertThat(h.getPbxSerial()).isEqualTo("369362089179");
        assertThat(h.getReceivedAt()).isEqualTo(Fixtures.RECEIVED);
        assertThat(h.getReportFormat()).isEqualTo("yeastar-1.1.0");
        assertThat(h.getIngress()).isEqualTo(IngressChannel.HTTP_REPORT);
        assertThat(h.getRawPayload()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        assertThat(h.getBridgeVersion()).isEqualTo("9.9.9-test");
    }

    @Test
    void sameBodyGivesSameEventIdAndOtherPbxADifferentOne() throws Exception {
        byte[] body = Fixtures.bytes("v2.0.0/callstatus-answer.json");
        String once = Fixtures.normalizeBody(PBX_ID, body).get(0).eventId();
        String again = Fixtures.normalizeBody(PBX_ID, body.clone()).get(0).eventId();
        String otherPbx = Fixtures.normalizeBody("branch-s100", body).get(0).eventId();
        assertThat(again).isEqualTo(once);
        assertThat(otherPbx).isNotEqualTo(once);
        assertThat(Fixtures.normalizeBody("branch-s100", body).get(0).key()).startsWith("branch-s100/");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | empty report body
            '   '                       | blank report body
            'not json'                  | not valid JSON
            '[1,2]'                     | not a JSON object (starts with an array)
            '"RING"'                    | not a JSON object (starts with a string)
            '{"action":"RING","callid"' | not valid JSON
            '{"action":"RING"} {"x":1}' | unexpected content after the report object
            '{"action":"RING",}'        | not valid JSON
            """)
    void malformedBodiesAreRejectedWithAReason(String body, String reasonFragment) {
        assertThatThrownBy(() -> Fixtures.normalizeBody(PBX_ID, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedReportException.class)
                .hasMessageContaining(reasonFragment);
    }
}
