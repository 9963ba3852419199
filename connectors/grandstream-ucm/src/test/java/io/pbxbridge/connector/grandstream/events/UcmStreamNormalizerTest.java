package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.testing.DocFrames;
import io.pbxbridge.connector.grandstream.testing.Frames;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static io.pbxbridge.connector.grandstream.testing.DocFrames.CALLEE_1000;
import static io.pbxbridge.connector.grandstream.testing.DocFrames.CALLER_1001;
import static io.pbxbridge.connector.grandstream.testing.DocFrames.INTERNAL_CALL;
import static io.pbxbridge.connector.grandstream.testing.DocFrames.delete;
import static io.pbxbridge.connector.grandstream.testing.DocFrames.frame;
import static io.pbxbridge.connector.grandstream.testing.DocFrames.leg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The UCM's stateful pipeline fed with frames written from the vendor documents ({@link DocFrames}). */
class UcmStreamNormalizerTest {
    /** The PBX prints local times: 09:43:19 in Paris in November is 08:43:19 UTC. */
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant RECEIVED = Instant.parse("2026-11-26T10:00:00Z");

    private static UcmStreamNormalizer pipeline(boolean callControl) {
        return new UcmStreamNormalizer("ucm-1", TestPbx.BRIDGE, callControl, PARIS, IngressChannel.WEBSOCKET, "stream-1");
    }

    private static List<NormalizedRecord> feed(UcmStreamNormalizer pipeline, List<String> frames) throws MalformedReportException {
        List<NormalizedRecord> out = new ArrayList<>();
        for (String f : frames) {
            out.addAll(pipeline.frame(f.getBytes(StandardCharsets.UTF_8), RECEIVED, "UCM6304"));
        }
        return out;
    }

    private static List<CallEvent> events(List<NormalizedRecord> records) {
        return records.stream().map(NormalizedRecord::value).map(CallEvent.class::cast).toList();
    }

    private static List<CallEventType> types(List<NormalizedRecord> records) {
        return events(records).stream().map(CallEvent::getType).toList();
    }

    private static CallEvent first(List<NormalizedRecord> records, CallEventType type) {
        return events(records).stream().filter(e -> e.getType() == type).findFirst().orElseThrow();
    }

    private static Party party(CallEvent event, Predicate<Party> which) {
        return event.getParties().stream().filter(which).findFirst().orElseThrow();
    }

    private static Predicate<Party> onChannel(String channel) {
        return p -> channel.equals(p.getLegRef());
    }

    @Test
    void aCallIsKeyedByItsLinkedidFromFirstLegToLastAndEndsOnceWhenTheLastLegIsDeleted() throws Exception {
        UcmStreamNormalizer pipeline = pipeline(false);
        List<NormalizedRecord> records = feed(pipeline, DocFrames.internalCall());

        assertThat(types(records)).containsExactly(CallEventType.RINGING, CallEventType.ANSWERED,
                CallEventType.UPDATED, CallEventType.ENDED);
        assertThat(records).extracting(NormalizedRecord::key).containsOnly("ucm-1/" + INTERNAL_CALL);
        assertThat(events(records)).extracting(CallEvent::getCallId).containsOnly(INTERNAL_CALL);

        // The deletes name only their channel; the tracker attributes them, the last one ends the call.
        CallEvent ended = first(records, CallEventType.ENDED);
        assertThat(ended.getTypeRaw()).isEqualTo("ActiveCallStatus/delete");
        assertThat(ended.getReason()).isEqualTo("hung up");
        assertThat(ended.getAttributes()).containsEntry("answered", "true");
        assertThat(ended.getParties()).extracting(Party::getLegRef).containsExactlyInAnyOrder(CALLER_1001, CALLEE_1000);
        assertThat(ended.getParties()).allMatch(p -> p.getState() == LegState.HUNG_UP);
        assertThat(pipeline.tracker().activeCalls()).isZero();

        // A repeated delete, a late update of a deleted leg and a late bridge revive nothing.
        List<NormalizedRecord> late = feed(pipeline, List.of(frame(delete(CALLER_1001)),
                frame(leg("update", CALLER_1001, INTERNAL_CALL, INTERNAL_CALL, "Up", "1001", "1000", "2019-11-25 09:43:30", "", "")),
                frame(DocFrames.bridge("update", CALLER_1001, CALLEE_1000, "1001", "1000", INTERNAL_CALL,
                        DocFrames.CALLEE_UNIQUEID, "2019-11-25 09:43:19"))));
        assertThat(late).isEmpty();
        assertThat(pipeline.tracker().activeCalls()).isZero();
    }

    @Test
    void oneAnsweredPerCallAndALaterLegAnsweringIsAnUpdateOfThatLeg() throws Exception {
        List<NormalizedRecord> records = feed(pipeline(false), DocFrames.internalCall());

        // The third frame has both legs Up: the first makes the call ANSWERED, the second is UPDATED.
        assertThat(types(records).stream().filter(t -> t == CallEventType.ANSWERED)).hasSize(1);
        CallEvent answered = first(records, CallEventType.ANSWERED);
        assertThat(answered.getParties()).extracting(Party::getLegRef).containsExactly(CALLER_1001, CALLEE_1000);
        assertThat(party(answered, onChannel(CALLEE_1000)).getState()).isEqualTo(LegState.ANSWERED);
        CallEvent updated = first(records, CallEventType.UPDATED);
        assertThat(updated.getCallId()).isEqualTo(INTERNAL_CALL);
        assertThat(updated.getParties()).singleElement().satisfies(p -> {
            assertThat(p.getLegRef()).isEqualTo(CALLER_1001);
            assertThat(p.getState()).isEqualTo(LegState.ANSWERED);
            assertThat(p.getStateRaw()).isEqualTo("Up");
        });
    }

    @Test
    void rolesComeFromTheDocumentedFieldsWhateverOrderTheLegsArriveIn() throws Exception {
        CallEvent internal = first(feed(pipeline(false), DocFrames.internalCall()), CallEventType.ANSWERED);
        assertThat(party(internal, onChannel(CALLER_1001)).getRole()).isEqualTo(PartyRole.CALLER);
        assertThat(party(internal, onChannel(CALLEE_1000)).getRole()).isEqualTo(PartyRole.CALLEE);

        // The called leg's frame first: the calling channel is still the one whose uniqueid is the linkedid.
        List<String> reordered = new ArrayList<>(DocFrames.internalCall());
        reordered.set(0, frame(leg("add", CALLEE_1000, DocFrames.CALLEE_UNIQUEID, INTERNAL_CALL, "Ringing", "1000", "s",
                "2019-11-25 09:43:13", "", "")));
        reordered.add(1, frame(leg("add", CALLER_1001, INTERNAL_CALL, INTERNAL_CALL, "Ring", "1001", "1000",
                "2019-11-25 09:43:12", "", "")));
        CallEvent ringing = first(feed(pipeline(false), reordered), CallEventType.RINGING);
        assertThat(party(ringing, onChannel(CALLEE_1000)).getRole()).isEqualTo(PartyRole.CALLEE);

        CallEvent outbound = first(feed(pipeline(false), DocFrames.outboundCall()), CallEventType.ANSWERED);
        Party trunkOut = party(outbound, onChannel(DocFrames.OUT_TRUNK));
        assertThat(trunkOut.getRole()).isEqualTo(PartyRole.CALLEE);
        assertThat(trunkOut.getKind()).isEqualTo(PartyKind.EXTERNAL);
        assertThat(trunkOut.getTrunk()).isEqualTo("Provider1");
        assertThat(trunkOut.getFromNumber()).isEqualTo("1001");
        assertThat(trunkOut.getToNumber()).isEqualTo("0612345678");
        assertThat(party(outbound, onChannel(DocFrames.OUT_EXT)).getRole()).isEqualTo(PartyRole.CALLER);

        CallEvent inbound = first(feed(pipeline(false), DocFrames.inboundCall()), CallEventType.ANSWERED);
        Party trunkIn = party(inbound, onChannel(DocFrames.IN_TRUNK));
        assertThat(trunkIn.getRole()).isEqualTo(PartyRole.CALLER);
        assertThat(trunkIn.getTrunk()).isEqualTo("SIPTrunk1");
        assertThat(trunkIn.getFromNumber()).isEqualTo("0612345678");
        assertThat(party(inbound, onChannel(DocFrames.IN_EXT)).getRole()).isEqualTo(PartyRole.CALLEE);
        assertThat(party(inbound, onChannel(DocFrames.IN_EXT)).getNumber()).isEqualTo("1000");

        // A call first heard of as a bridge (e.g. after a reconnect): channel1 is "the calling channel".
        CallEvent bridged = first(feed(pipeline(false), List.of(frame(DocFrames.bridge("add", "PJSIP/2001-00000040",
                "PJSIP/2002-00000041", "2001", "2002", "1574694000.40", "1574694000.41", "2019-11-25 12:00:05")))),
                CallEventType.ANSWERED);
        assertThat(bridged.getCallId()).isEqualTo("1574694000.40");
        assertThat(party(bridged, onChannel("PJSIP/2001-00000040")).getRole()).isEqualTo(PartyRole.CALLER);
        assertThat(party(bridged, onChannel("PJSIP/2002-00000041")).getRole()).isEqualTo(PartyRole.CALLEE);
        assertThat(bridged.getHeader().getOccurredAt()).isEqualTo(Instant.parse("2019-11-25T11:00:05Z"));
    }

    @Test
    void theNotBridgedPlaceholderIsNeverANumber() throws Exception {
        List<NormalizedRecord> records = new ArrayList<>(feed(pipeline(true), DocFrames.inboundCall()));
        records.addAll(feed(pipeline(false), DocFrames.internalCall()));
        records.addAll(feed(pipeline(false), List.of(frame(leg("add", "PJSIP/1003-00000050", "1574695000.50",
                "1574695000.50", "Ring", "s", "s", "2019-11-25 13:00:00", "", "")))));

        List<Party> parties = events(records).stream().flatMap(e -> e.getParties().stream()).toList();
        assertThat(parties).isNotEmpty().allSatisfy(p -> {
            assertThat(p.getNumber()).isNotEqualTo("s");
            assertThat(p.getFromNumber()).isNotEqualTo("s");
            assertThat(p.getToNumber()).isNotEqualTo("s");
        });
        CallEvent request = first(records, CallEventType.INBOUND_REQUEST);
        assertThat(request.getParties().get(0).getToNumber()).isNull(); // connectednum "s": not bridged yet
        // An extension leg whose callernum is the placeholder is known by its channel's peer.
        assertThat(events(records).get(events(records).size() - 1).getParties().get(0).getNumber()).isEqualTo("1003");
    }

    @Test
    void headersCarryTheIngressTheModelAndThePbxTimeInItsZone() throws Exception {
        List<String> frames = DocFrames.internalCall();
        List<NormalizedRecord> records = feed(pipeline(false), frames);

        CallEvent ringing = first(records, CallEventType.RINGING);
        assertThat(ringing.getHeader().getIngress()).isEqualTo(IngressChannel.WEBSOCKET);
        assertThat(ringing.getHeader().getPbxModel()).isEqualTo("UCM6304");
        assertThat(ringing.getHeader().getReportFormat()).isEqualTo("ucm-ws");
        assertThat(ringing.getHeader().getReceivedAt()).isEqualTo(RECEIVED);
        assertThat(ringing.getHeader().getRawPayload()).isEqualTo(frames.get(0));
        assertThat(ringing.getHeader().getOccurredAt()).isEqualTo(Instant.parse("2019-11-25T08:43:12Z"));
        assertThat(first(records, CallEventType.ANSWERED).getHeader().getOccurredAt())
                .isEqualTo(Instant.parse("2019-11-25T08:43:19Z"));
        // A delete carries no time: the PBX time of the end is unknown, not invented.
        assertThat(first(records, CallEventType.ENDED).getHeader().getOccurredAt()).isNull();
    }

    @Test
    void theHangUpCauseIsKeptWhenADeleteCarriesOne() throws Exception {
        List<String> frames = new ArrayList<>(DocFrames.internalCall());
        frames.set(frames.size() - 1, frame(delete(CALLER_1001).put("cause_txt", "Normal Clearing")));
        CallEvent ended = first(feed(pipeline(false), frames), CallEventType.ENDED);
        assertThat(ended.getReason()).isEqualTo("Normal Clearing");
        assertThat(ended.getAttributes()).containsEntry("hangup_cause", "Normal Clearing");

        CallEvent unanswered = first(feed(pipeline(false), List.of(DocFrames.internalCall().get(0),
                frame(delete(CALLER_1001)))), CallEventType.ENDED);
        assertThat(unanswered.getReason()).isEqualTo("ended before it was answered");
        assertThat(unanswered.getAttributes()).containsEntry("answered", "false");
    }

    @Test
    void withCallControlTheInboundTrunkLegIsARequestOnce() throws Exception {
        List<NormalizedRecord> records = feed(pipeline(true), DocFrames.inboundCall());
        assertThat(types(records)).containsExactly(CallEventType.INBOUND_REQUEST, CallEventType.RINGING,
                CallEventType.ANSWERED, CallEventType.UPDATED, CallEventType.ENDED);
        assertThat(first(records, CallEventType.INBOUND_REQUEST).getParties()).singleElement()
                .satisfies(p -> assertThat(p.getLegRef()).isEqualTo(DocFrames.IN_TRUNK));
    }

    @Test
    void aMalformedFrameIsRefusedWholeAndChangesNoState() throws Exception {
        UcmStreamNormalizer pipeline = pipeline(false);
        List<String> frames = DocFrames.internalCall();
        feed(pipeline, frames.subList(0, 2));
        // A valid leg going Up, then an item that is not an object: nothing of the frame is applied.
        String bad = "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":["
                + leg("update", CALLEE_1000, DocFrames.CALLEE_UNIQUEID, INTERNAL_CALL, "Up", "1000", "1001",
                "2019-11-25 09:43:19", "", "").encode() + ",5]}]}";
        assertThatThrownBy(() -> pipeline.frame(bad.getBytes(StandardCharsets.UTF_8), RECEIVED, null))
                .isInstanceOf(MalformedReportException.class).hasMessageContaining("eventbody[1] is a JSON number");

        assertThat(types(feed(pipeline, frames.subList(2, frames.size())))).containsExactly(CallEventType.ANSWERED,
                CallEventType.UPDATED, CallEventType.ENDED);
    }

    @Test
    void aDeleteNamingABlankChannelIsRefusedNotPublishedWithoutACallId() throws Exception {
        // Issue 10 item 7: channel " " in a delete once reached the Avro writer with a null call_id.
        UcmStreamNormalizer pipeline = pipeline(false);
        feed(pipeline, DocFrames.internalCall().subList(0, 2));
        for (String channel : List.of(" ", "\t", "")) {
            String frame = "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":["
                    + new JsonObject().put("action", "delete").put("channel", channel).encode() + "]}]}";
            assertThatThrownBy(() -> pipeline.frame(frame.getBytes(StandardCharsets.UTF_8), RECEIVED, null))
                    .isInstanceOf(MalformedReportException.class).hasMessageContaining("names no channel");
        }
    }

    @Test
    void eventIdsTellRecurringFramesApartAndAreTheSameForTheSameStream() throws Exception {
        String busy = Frames.notify("ExtensionStatus", true, new JsonObject().put("extension", "1001").put("status", "InUse"));
        List<String> frames = new ArrayList<>(DocFrames.internalCall());
        frames.add(busy);
        frames.add(busy);
        List<NormalizedRecord> a = feed(pipeline(false), frames);
        List<NormalizedRecord> b = feed(pipeline(false), frames);

        assertThat(a).extracting(NormalizedRecord::eventId).doesNotHaveDuplicates()
                .containsExactlyElementsOf(b.stream().map(NormalizedRecord::eventId).toList());
        UcmStreamNormalizer other = new UcmStreamNormalizer("ucm-1", TestPbx.BRIDGE, false, PARIS,
                IngressChannel.WEBSOCKET, "stream-2");
        assertThat(feed(other, frames)).extracting(NormalizedRecord::eventId)
                .doesNotContainAnyElementsOf(a.stream().map(NormalizedRecord::eventId).toList());
    }

    /**
     * A stream's ids are {@code EventIds.of(pbxId, "ucm-ws\0" + streamId + "\0" + n + "\0" + frame, index)} (n counts
     * the inputs from 1): computed here the plain way, and pinned to the values the bridge published before the
     * stream's name was hashed ahead of the frame instead of joined to it. Consumers de-duplicate by them.
     */
    @Test
    void eventIdsOfAStreamHashItsNameTheInputCountAndTheFrame() throws Exception {
        List<String> frames = new ArrayList<>(DocFrames.internalCall());
        frames.add(Frames.notify("ExtensionStatus", true, new JsonObject().put("extension", "1002").put("status", "Idle")
                .put("name", "Zoë 中")));
        UcmStreamNormalizer pipeline = pipeline(false);
        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= frames.size(); n++) {
            byte[] frame = frames.get(n - 1).getBytes(StandardCharsets.UTF_8);
            List<NormalizedRecord> records = pipeline.frame(frame, RECEIVED, "UCM6304");
            for (int index = 0; index < records.size(); index++) {
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                sha.update(("ucm-1\0ucm-ws\0stream-1\0" + n + "\0").getBytes(StandardCharsets.UTF_8));
                sha.update(frame);
                sha.update(("\0" + index).getBytes(StandardCharsets.US_ASCII));
                assertThat(records.get(index).eventId()).as("frame %d record %d", n, index)
                        .isEqualTo(java.util.HexFormat.of().formatHex(sha.digest(), 0, 16));
                ids.add(records.get(index).eventId());
            }
        }
        assertThat(ids).containsExactly(PINNED_IDS);
    }

    /** The input count in the ids past one digit (10, 100: written in place, not through a String). */
    @Test
    void eventIdsCountInputsPastOneDigit() throws Exception {
        byte[] frame = Frames.notify("ExtensionStatus", true, new JsonObject().put("extension", "1002").put("status", "Idle"))
                .getBytes(StandardCharsets.UTF_8);
        UcmStreamNormalizer pipeline = pipeline(false);
        for (int n = 1; n <= 120; n++) {
            List<NormalizedRecord> records = pipeline.frame(frame, RECEIVED, "UCM6304");
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(("ucm-1\0ucm-ws\0stream-1\0" + n + "\0").getBytes(StandardCharsets.UTF_8));
            sha.update(frame);
            sha.update(new byte[] {0, '0'}); // record 0
            assertThat(records).hasSize(1);
            assertThat(records.get(0).eventId()).as("frame %d", n)
                    .isEqualTo(java.util.HexFormat.of().formatHex(sha.digest(), 0, 16));
        }
    }

    private static final String[] PINNED_IDS = {"62cee0ed247af37a08ed6c21d5fd8fcd", "4118f25ccad01e82b4321bb28cd26630",
            "530d1b880689cee2b1e6658be939588d", "96f6d514c47b177521688e8510a1615b", "82ef3a83ed302ac06b8daa5526db67d3"};
}
