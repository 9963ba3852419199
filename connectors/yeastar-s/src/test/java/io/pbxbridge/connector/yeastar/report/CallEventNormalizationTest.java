package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.EventIds;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static io.pbxbridge.connector.yeastar.report.Fixtures.PBX_ID;
import static io.pbxbridge.connector.yeastar.report.Fixtures.describe;
import static io.pbxbridge.connector.yeastar.report.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class CallEventNormalizationTest {

    /** Parties are {@code ROLE:KIND:number:leg_ref}, in report order, separated by ';'. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            v1.0.0/ring-internal.json          | RINGING                   | RING          | 1495706238.328 | yeastar-1.0.0 | CALLEE:EXTENSION:1000:1000;CALLER:EXTENSION:1002:1002
            v1.0.0/ring-outbound.json          | RINGING                   | RING          | 1495771030.365 | yeastar-1.0.0 | CALLEE:EXTERNAL:42003:1495771030.366;CALLER:EXTENSION:1002:1002
            v1.0.0/alert.json                  | RINGBACK                  | ALERT         | 1495706238.328 | yeastar-1.0.0 | CALLER:EXTENSION:1002:1002
            v1.0.0/answer.json                 | ANSWERED                  | ANSWER        | 1495706238.328 | yeastar-1.0.0 | CALLEE:EXTENSION:1000:1000;CALLER:EXTENSION:1002:1002
            v1.0.0/answered.json               | CALLER_ANSWERED           | ANSWERED      | 1495706238.328 | yeastar-1.0.0 | CALLER:EXTENSION:1002:1002;CALLEE:EXTENSION:1000:1000
            v1.0.0/bye.json                    | ENDED                     | BYE           | 1495706238.328 | yeastar-1.0.0 | UNKNOWN:EXTENSION:1000:1000;UNKNOWN:EXTENSION:1002:1002
            v1.0.0/tranfer.json                | TRANSFERRED               | Tranfer       | 1505291815.120 | yeastar-1.0.0 | CALLEE:EXTENSION:1000:1000;CALLER:EXTERNAL:102:1505291815.120
            v1.0.0/callfailed-restriction.json | FAILED                    | CallFailed    | 1495420603.349 | yeastar-1.0.0 | -
            v1.0.0/callfailed-dnd.json         | FAILED                    | CallFailed    | 1495186077.229 | yeastar-1.0.0 | UNKNOWN:EXTENSION:1005:1005
            v1.0.0/invite.json                 | INBOUND_REQUEST           | Invite        | 1495707950.331 | yeastar-1.0.0 | CALLER:EXTERNAL:1000:1495707950.331
            v1.0.0/incoming.json               | INBOUND_ANSWERED_BY_TRUNK | Incoming      | 1495707950.331 | yeastar-1.0.0 | CALLER:EXTERNAL:1000:1495707950.331
            v1.0.0/dtmf.json                   | DTMF                      | DTMF          | 1495705009.315 | yeastar-1.0.0 | CALLEE:EXTERNAL:41000:1495705009.316
            v1.0.0/playpromptend-ext.json      | PROMPT_ENDED              | PlayPromptEnd | 1495780325.384 | yeastar-1.0.0 | UNKNOWN:EXTENSION:1002:1002
            v1.0.0/playpromptend-outbound.json | PROMPT_ENDED              | PlayPromptEnd | 1505352996.281 | yeastar-1.0.0 | CALLEE:EXTERNAL:null:null
            v1.0.0/satisfaction.json           | SURVEY_RESULT             | satisfaction  | 1504460713.60  | yeastar-1.0.0 | -
            v1.1.0/alert.json                  | RINGBACK                  | ALERT         | 1550710849.199 | yeastar-1.1.0 | CALLER:EXTENSION:1001:1001
            v1.1.0/ring.json                   | RINGING                   | RING          | 1550710849.199 | yeastar-1.1.0 | CALLEE:EXTENSION:1002:1002;CALLER:EXTENSION:1001:1001
            v1.1.0/ring-outbound.json          | RINGING                   | RING          | 1550710900.201 | yeastar-1.1.0 | CALLEE:EXTERNAL:70871520926:1550710900.202;CALLER:EXTENSION:1001:1001
            v1.1.0/ring-inbound.json           | RINGING                   | RING          | 1550711000.210 | yeastar-1.1.0 | CALLEE:EXTENSION:1005:1005;CALLER:EXTERNAL:3834847222:1550711000.210
            v1.1.0/answer.json                 | ANSWERED                  | ANSWER        | 1547375509.72  | yeastar-1.1.0 | CALLEE:EXTENSION:1005:1005;CALLER:EXTERNAL:3834847222:1547375509.72
            v1.1.0/answered.json               | CALLER_ANSWERED           | ANSWERED      | 1547375509.72  | yeastar-1.1.0 | CALLER:EXTERNAL:3834847222:1547375509.72;CALLEE:EXTENSION:1005:1005
            v1.1.0/bye.json                    | ENDED                     | BYE           | 1547375509.72  | yeastar-1.1.0 | CALLER:EXTERNAL:3834847222:1547375509.72;CALLEE:EXTENSION:1005:1005
            v1.1.0/tranfer.json                | TRANSFERRED               | Tranfer       | 1547378727.152 | yeastar-1.1.0 | UNKNOWN:EXTENSION:1005:1005;UNKNOWN:EXTENSION:1001:1001
            v1.1.0/callfailed.json             | FAILED                    | CallFailed    | 1536976927.37  | yeastar-1.1.0 | CALLEE:EXTERNAL:70871520926:1536976927.38;CALLER:EXTENSION:1002:1002
            v1.1.0/invite.json                 | INBOUND_REQUEST           | Invite        | 1547389566.275 | yeastar-1.1.0 | CALLER:EXTERNAL:1929383883:1547389566.275
            v1.1.0/incoming.json               | INBOUND_ANSWERED_BY_TRUNK | Incoming      | 1547389566.275 | yeastar-1.1.0 | CALLER:EXTERNAL:1929383883:1547389566.275
            v1.1.0/dtmf.json                   | DTMF                      | DTMF          | 1547389829.281 | yeastar-1.1.0 | UNKNOWN:EXTENSION:1005:1005
            v1.1.0/dtmf-infos.json             | DTMF                      | DTMF          | 1547389829.281 | yeastar-1.1.0 | UNKNOWN:EXTENSION:1005:1005
            v1.1.0/playpromptend-ivr.json      | PROMPT_ENDED              | PlayPromptEnd | 1547390011.290 | yeastar-1.1.0 | UNKNOWN:EXTENSION:1005:1005
            v1.1.0/satisfaction.json           | SURVEY_RESULT             | satisfaction  | 1547390100.295 | yeastar-1.1.0 | -
            v2.0.0/tranfer.json                | TRANSFERRED               | Tranfer       | 1571981311.105 | yeastar-2.0.0 | UNKNOWN:EXTENSION:2000:PJSIP/2000-00000025;UNKNOWN:EXTENSION:1020:PJSIP/1020-00000026
            v2.0.0/callfailed.json             | FAILED                    | CallFailed    | 1573097568.15  | yeastar-2.0.0 | UNKNOWN:EXTENSION:1023:PJSIP/1023-0000000a
            v2.0.0/invite.json                 | INBOUND_REQUEST           | Invite        | 1571896991.2   | yeastar-2.0.0 | CALLER:EXTERNAL:2000:PJSIP/trunk-siptrunk-endpoint-00000001
            v2.0.0/dtmf.json                   | DTMF                      | DTMF          | 1571896991.2   | yeastar-2.0.0 | CALLER:EXTERNAL:2000:PJSIP/trunk-siptrunk-endpoint-00000001
            v2.0.0/playpromptend-prompt.json   | PROMPT_ENDED              | PlayPromptEnd | 1571900000.40  | yeastar-2.0.0 | UNKNOWN:EXTENSION:1023:PJSIP/1023-00000030
            v2.0.0/playpromptend-ivr.json      | PROMPT_ENDED              | PlayPromptEnd | 1571900000.41  | yeastar-2.0.0 | CALLER:EXTERNAL:2000:PJSIP/trunk-siptrunk-endpoint-00000031
            v2.0.0/satisfaction.json           | SURVEY_RESULT             | satisfaction  | 1571972541.133 | yeastar-2.0.0 | -
            v2.0.0/callstatus-alert-ring.json  | RINGING                   | CallStatus/RING     | 1571896991.2 | yeastar-2.0.0 | CALLER:EXTENSION:1000:PJSIP/1000-00000002;CALLEE:EXTERNAL:2000:PJSIP/trunk-siptrunk-endpoint-00000001
            v2.0.0/callstatus-answer.json      | ANSWERED                  | CallStatus/ANSWER   | 1571896992.3 | yeastar-2.0.0 | CALLER:EXTERNAL:2000:PJSIP/trunk-siptrunk-endpoint-00000003;CALLEE:EXTENSION:1023:PJSIP/1023-00000004
            v2.0.0/callstatus-hold.json        | HELD                      | CallStatus/HOLD     | 1571896992.3 | yeastar-2.0.0 | CALLER:EXTERNAL:2000:PJSIP/trunk-siptrunk-endpoint-00000003;CALLEE:EXTENSION:1023:PJSIP/1023-00000004
            v2.0.0/callstatus-bye.json         | ENDED                     | CallStatus/BYE      | 1571896992.3 | yeastar-2.0.0 | CALLER:EXTERNAL:2000:PJSIP/trunk-siptrunk-endpoint-00000003;CALLEE:EXTENSION:1023:PJSIP/1023-00000004
            v2.0.0/callstatus-partial-bye.json | UPDATED                   | CallStatus/ANSWERED,BYE,ANSWER | 1571896993.7 | yeastar-2.0.0 | CALLER:EXTENSION:1000:PJSIP/1000-00000010;UNKNOWN:EXTENSION:1001:PJSIP/1001-00000011;CALLEE:EXTENSION:1002:PJSIP/1002-00000012
            v2.0.0/conferencestatus.json       | CONFERENCE_CHANGED        | ConferenceStatus    | 1572313740.138 | yeastar-2.0.0 | OTHER:EXTENSION:1000:PJSIP/1000-00000040;OTHER:EXTERNAL:2000:PJSIP/trunk-siptrunk-endpoint-00000041
            v2.0.0/uacstacall.json             | PHONE_CONTROL             | uacstacall/callanswer | 32788      | yeastar-2.0.0 | UNKNOWN:EXTENSION:1000:1000
            quirks/transfer-alias.json         | TRANSFERRED               | Transfer      | 1505291815.121 | yeastar-1.0.0 | UNKNOWN:EXTENSION:1000:1000;UNKNOWN:EXTENSION:1001:1001
            quirks/v2-login-without-version-legacy.json | RINGING          | RING          | 1700000000.1   | yeastar-1.0.0 | CALLEE:EXTENSION:1000:1000;CALLER:EXTENSION:1002:1002
            """)
    void callReportBecomesOneCallEvent(String fixture, CallEventType type, String typeRaw, String callId,
                                       String format, String parties) throws Exception {
        NormalizedRecord record = single(fixture);

        assertThat(record.topic()).isEqualTo(BridgeTopic.CALL_EVENTS);
        assertThat(record.key()).isEqualTo(PBX_ID + "/" + callId);
        assertThat(record.ceType()).isEqualTo(CeTypes.call(type));
        assertThat(record.eventId()).isEqualTo(EventIds.of(PBX_ID, Fixtures.bytes(fixture), 0));
        CallEvent event = (CallEvent) record.value();
        assertThat(event.getType()).isEqualTo(type);
        assertThat(event.getTypeRaw()).isEqualTo(typeRaw);
        assertThat(event.getCallId()).isEqualTo(callId);
        assertThat(event.getHeader().getEventId()).isEqualTo(record.eventId());
        assertThat(event.getHeader().getReportFormat()).isEqualTo(format);
        List<String> expected = parties == null ? List.of() : Arrays.asList(parties.split(";"));
        assertThat(describe(event.getParties())).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            v1.0.0/callfailed-restriction.json | NO Outbound Restriction
            v1.0.0/callfailed-dnd.json         | DND
            v1.1.0/callfailed.json             | 486 Busy Here
            v2.0.0/callfailed.json             | NO Outbound Restriction
            """)
    void callFailedCarriesTheReason(String fixture, String reason) throws Exception {
        CallEvent event = (CallEvent) single(fixture).value();
        assertThat(event.getReason()).isEqualTo(reason);
        assertThat(event.getAttributes()).doesNotContainKey("reason");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            v1.0.0/dtmf.json                   | #  | -   | -
            v1.1.0/dtmf.json                   | 2  | -   | 0
            v1.1.0/dtmf-infos.json             | 5  | 25  | 1
            v2.0.0/dtmf.json                   | 5  | 45  | 1
            quirks/numbers-as-numbers-dtmf.json | 7 | 127 | 2
            """)
    void dtmfDigitsAndSequence(String fixture, String digit, String soFar, Integer sequence) throws Exception {
        CallEvent event = (CallEvent) single(fixture).value();
        assertThat(event.getDigits()).isEqualTo(digit);
        assertThat(event.getDigitsSoFar()).isEqualTo(soFar);
        assertThat(event.getSequence()).isEqualTo(sequence);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            v1.0.0/satisfaction.json | 1
            v1.1.0/satisfaction.json | 3
            v2.0.0/satisfaction.json | 1
            """)
    void surveyResultIsTheDigitPressed(String fixture, String digit) throws Exception {
        assertThat(((CallEvent) single(fixture).value()).getDigits()).isEqualTo(digit);
    }

    @Test
    void externalLegsCarryTrunkAndNumbers() throws Exception {
        Party outbound = ((CallEvent) single("v1.0.0/ring-outbound.json").value()).getParties().get(0);
        assertThat(outbound.getKindRaw()).isEqualTo("outbound");
        assertThat(outbound.getFromNumber()).isEqualTo("1002");
        assertThat(outbound.getToNumber()).isEqualTo("42003");
        assertThat(outbound.getTrunk()).isEqualTo("sip-142");

        Party inbound = ((CallEvent) single("v2.0.0/invite.json").value()).getParties().get(0);
        assertThat(inbound.getKindRaw()).isEqualTo("inbound");
        assertThat(inbound.getFromNumber()).isEqualTo("2000");
        assertThat(inbound.getToNumber()).isEqualTo("1023");
        assertThat(inbound.getTrunk()).as("v2 trunkname").isEqualTo("siptrunk");
    }

    @Test
    void inviteLegRefIsWhatAcceptAndRefuseNeed() throws Exception {
        assertThat(((CallEvent) single("v1.1.0/invite.json").value()).getParties().get(0).getLegRef())
                .as("v1 inboundid").isEqualTo("1547389566.275");
        assertThat(((CallEvent) single("v2.0.0/invite.json").value()).getParties().get(0).getLegRef())
                .as("v2 channelid").isEqualTo("PJSIP/trunk-siptrunk-endpoint-00000001");
    }

    @Test
    void byeMarksThePartyWhoHungUpFirst() throws Exception {
        CallEvent event = (CallEvent) single("v1.0.0/bye.json").value();
        assertThat(event.getParties().get(0).getState()).isEqualTo(LegState.HUNG_UP);
        assertThat(event.getParties().get(0).getStateRaw()).isEqualTo("BYE");
        assertThat(event.getParties().get(1).getState()).isNull();
        assertThat(event.getAttributes()).containsEntry("released_by", "1000");
    }

    @Test
    void callStatusKeepsEachMemberStateAndCallPath() throws Exception {
        CallEvent event = (CallEvent) single("v2.0.0/callstatus-alert-ring.json").value();
        Party ext = event.getParties().get(0);
        Party inbound = event.getParties().get(1);
        assertThat(ext.getState()).isEqualTo(LegState.RINGBACK);
        assertThat(ext.getStateRaw()).isEqualTo("ALERT");
        assertThat(ext.getCallPath()).isEqualTo("6500");
        assertThat(inbound.getState()).isEqualTo(LegState.RINGING);
        assertThat(inbound.getStateRaw()).isEqualTo("RING");
        assertThat(inbound.getCallPath()).isNull();

        CallEvent partial = (CallEvent) single("v2.0.0/callstatus-partial-bye.json").value();
        assertThat(partial.getParties()).extracting(Party::getState)
                .containsExactly(LegState.CALLER_ANSWERED, LegState.HUNG_UP, LegState.ANSWERED);
        assertThat(partial.getParties()).extracting(Party::getCallPath).containsOnly("6400");

        CallEvent held = (CallEvent) single("v2.0.0/callstatus-hold.json").value();
        assertThat(held.getParties().get(1).getState()).isEqualTo(LegState.HELD);
    }

    @Test
    void promptEndCarriesPromptAndIvr() throws Exception {
        CallEvent prompt = (CallEvent) single("v1.0.0/playpromptend-outbound.json").value();
        assertThat(prompt.getPrompt()).isEqualTo("appletest");
        assertThat(prompt.getParties().get(0).getTrunk()).as("outbound uses trunkname here").isEqualTo("Apple_test");

        CallEvent ivr = (CallEvent) single("v1.1.0/playpromptend-ivr.json").value();
        assertThat(ivr.getPrompt()).isNull();
        assertThat(ivr.getAttributes()).containsOnly(entry("ivr_id", "6500"), entry("playtonum", "1005"));

        CallEvent v2 = (CallEvent) single("v2.0.0/playpromptend-prompt.json").value();
        assertThat(v2.getPrompt()).isEqualTo("welcome");
    }

    @Test
    void conferenceNumberAndNameAreAttributes() throws Exception {
        CallEvent event = (CallEvent) single("v2.0.0/conferencestatus.json").value();
        assertThat(event.getAttributes()).containsOnly(entry("conference_number", "6409"),
                entry("conference_name", "Weekly sync"));
    }

    @Test
    void uacstaCallIsKeyedByCstaCallId() throws Exception {
        CallEvent event = (CallEvent) single("v2.0.0/uacstacall.json").value();
        assertThat(event.getCallId()).isEqualTo("32788");
        assertThat(event.getAttributes()).containsOnly(entry("operation", "callanswer"),
                entry("extnumber", "1000"), entry("ipaddress", "192.168.5.70:5060"));
    }

    @Test
    void mappedFieldsAreNotRepeatedAsAttributes() throws Exception {
        for (String fixture : List.of("v1.0.0/ring-outbound.json", "v1.1.0/answer.json", "v2.0.0/tranfer.json",
                "v2.0.0/callstatus-alert-ring.json")) {
            assertThat(((CallEvent) single(fixture).value()).getAttributes()).as(fixture).isEmpty();
        }
    }
}
