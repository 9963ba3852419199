package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.pbxbridge.connector.yeastar.report.Fixtures.PBX_ID;
import static io.pbxbridge.connector.yeastar.report.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class CdrNormalizationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            v1.0.0/newcdr-internal.json     | 1495779310.371 | 1002        | 1000        | 3  | 2  | INTERNAL | Internal | ANSWERED  | ANSWERED    | -          | -          | 2017-05-25 22:15:10 | yeastar-1.0.0
            v1.0.0/newcdr-outbound.json     | 1505352615.274 | 1000        | 91000       | 29 | 29 | OUTBOUND | Outbound | ANSWERED  | ANSWERED    | -          | Apple_test | 2017-09-14 09:30:15 | yeastar-1.0.0
            v1.0.0/newcdr-inbound.json      | 1505352700.280 | 91000       | 1000        | 12 | 9  | INBOUND  | Inbound  | ANSWERED  | ANSWERED    | Apple_test | -          | 2017-09-14 09:31:40 | yeastar-1.0.0
            v1.1.0/newcdr.json              | 1547375509.72  | 3834847222  | 1005        | 41 | 35 | INBOUND  | Inbound  | ANSWERED  | ANSWERED    | SPS-6-36   | -          | 2019-01-13 18:31:49 | yeastar-1.1.0
            v2.0.0/newcdr.json              | 1571897930.5   | 1023        | 2023        | 19 | 14 | INTERNAL | Internal | ANSWERED  | ANSWERED    | -          | -          | 2019-10-23 22:18:50 | yeastar-2.0.0
            quirks/cdr-dstrunkname.json     | 1495779400.380 | 1002        | 91000       | 8  | 5  | OUTBOUND | Outbound | NO_ANSWER | NO ANSWER   | -          | SIP-142    | 2017-05-25 22:16:40 | yeastar-1.0.0
            quirks/cdr-dsttrcunkname.json   | 1571897999.9   | 1023        | 70871520926 | 30 | 0  | OUTBOUND | Outbound | NO_ANSWER | NO ANSWERED | -          | siptrunk   | 2019-10-23 22:19:59 | yeastar-2.0.0
            quirks/cdr-busy-voicemail-callback.json | 1571898000.10 | 2000 | 1023        | 20 | 15 | CALLBACK | Callback | VOICEMAIL | VOICEMAIL   | siptrunk   | -          | 2019-10-23 22:20:00 | yeastar-2.0.0
            quirks/numbers-as-numbers-cdr.json | 1495779310.371 | 1002     | 1000        | 3  | 2  | INTERNAL | Internal | ANSWERED  | ANSWERED    | -          | -          | 2017-05-25 22:15:10 | yeastar-1.0.0
            """)
    void newCdrBecomesACallRecord(String fixture, String callId, String caller, String callee, int callSeconds,
                                  int talkSeconds, CallDirection direction, String directionRaw,
                                  CallDisposition disposition, String dispositionRaw, String sourceTrunk,
                                  String destinationTrunk, String startedRaw, String format) throws Exception {
        NormalizedRecord record = single(fixture);
        assertThat(record.topic()).isEqualTo(BridgeTopic.CDR);
        assertThat(record.key()).isEqualTo(PBX_ID + "/" + callId);
        assertThat(record.ceType()).isEqualTo(CeTypes.cdr());
        CallRecord cdr = (CallRecord) record.value();
        assertThat(cdr.getCallId()).isEqualTo(callId);
        assertThat(cdr.getCaller()).isEqualTo(caller);
        assertThat(cdr.getCallee()).isEqualTo(callee);
        assertThat(cdr.getCallSeconds()).isEqualTo(callSeconds);
        assertThat(cdr.getTalkSeconds()).isEqualTo(talkSeconds);
        assertThat(cdr.getDirection()).isEqualTo(direction);
        assertThat(cdr.getDirectionRaw()).isEqualTo(directionRaw);
        assertThat(cdr.getDisposition()).isEqualTo(disposition);
        assertThat(cdr.getDispositionRaw()).isEqualTo(dispositionRaw);
        assertThat(cdr.getSourceTrunk()).isEqualTo(sourceTrunk);
        assertThat(cdr.getDestinationTrunk()).isEqualTo(destinationTrunk);
        assertThat(cdr.getStartedAtRaw()).isEqualTo(startedRaw);
        assertThat(cdr.getHeader().getReportFormat()).isEqualTo(format);
    }

    @Test
    void startTimeIsPbxLocalTimeInTheConfiguredZone() throws Exception {
        // Europe/Berlin is on CEST (UTC+2) on 2017-05-25.
        CallRecord cdr = (CallRecord) single("v1.0.0/newcdr-internal.json").value();
        assertThat(cdr.getStartedAt()).isEqualTo(Instant.parse("2017-05-25T20:15:10Z"));
        // and on CET (UTC+1) in January.
        CallRecord winter = (CallRecord) single("v1.1.0/newcdr.json").value();
        assertThat(winter.getStartedAt()).isEqualTo(Instant.parse("2019-01-13T17:31:49Z"));
    }

    @Test
    void unreadableStartTimeKeepsTheRawText() throws Exception {
        byte[] body = """
                {"action":"NewCdr","callid":"1.1","timestart":"25/05/2017 22:15","status":"ANSWERED","type":"Internal"}"""
                .getBytes(StandardCharsets.UTF_8);
        CallRecord cdr = (CallRecord) Fixtures.normalizeBody(PBX_ID, body).get(0).value();
        assertThat(cdr.getStartedAt()).isNull();
        assertThat(cdr.getStartedAtRaw()).isEqualTo("25/05/2017 22:15");
        assertThat(cdr.getAttributes()).containsKey("started_at_error");
    }

    @Test
    void outboundCdrCarriesPinAndRecording() throws Exception {
        CallRecord cdr = (CallRecord) single("v1.0.0/newcdr-outbound.json").value();
        assertThat(cdr.getPinCode()).isEqualTo("1000");
        assertThat(cdr.getRecordingFile()).isEqualTo("20170914093038-1505352615.274-1000-91000-Outbound.wav");
        assertThat(cdr.getAttributes()).isEmpty();
    }

    @Test
    void v110FieldsAreMapped() throws Exception {
        CallRecord cdr = (CallRecord) single("v1.1.0/newcdr.json").value();
        assertThat(cdr.getCdrId()).isEqualTo("219");
        assertThat(cdr.getDid()).isEqualTo("5551234");
        assertThat(cdr.getAgentRingSeconds()).isEqualTo(6);
        assertThat(cdr.getPinCode()).as("blank means none").isNull();
        assertThat(cdr.getRecordingFile()).endsWith(".yswav");
        assertThat(cdr.getHeader().getPbxSerial()).isEqualTo("369362089179");
        assertThat(cdr.getAttributes()).isEmpty();
    }

    @Test
    void v2CdrBlankFieldsAreAbsent() throws Exception {
        CallRecord cdr = (CallRecord) single("v2.0.0/newcdr.json").value();
        assertThat(cdr.getDid()).isNull();
        assertThat(cdr.getPinCode()).isNull();
        assertThat(cdr.getAgentRingSeconds()).isZero();
        assertThat(cdr.getRecordingFile()).isEqualTo("20191024201242-1571897930.5-203-201-Internal.wav");
        assertThat(cdr.getAttributes()).isEmpty();
    }

    @Test
    void numbersSentAsJsonNumbersAreRead() throws Exception {
        CallRecord cdr = (CallRecord) single("quirks/numbers-as-numbers-cdr.json").value();
        assertThat(cdr.getCdrId()).isEqualTo("42");
        assertThat(cdr.getAgentRingSeconds()).isEqualTo(5);
    }

    @Test
    void unparseableDurationStaysAnAttribute() throws Exception {
        byte[] body = """
                {"action":"NewCdr","callid":"1.2","callduraction":"about 3","talkduraction":"2","status":"ANSWERED"}"""
                .getBytes(StandardCharsets.UTF_8);
        CallRecord cdr = (CallRecord) Fixtures.normalizeBody(PBX_ID, body).get(0).value();
        assertThat(cdr.getCallSeconds()).isNull();
        assertThat(cdr.getTalkSeconds()).isEqualTo(2);
        assertThat(cdr.getAttributes()).containsExactly(entry("callduraction", "about 3"));
    }
}
