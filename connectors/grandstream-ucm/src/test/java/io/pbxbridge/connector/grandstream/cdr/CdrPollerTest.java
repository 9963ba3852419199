package io.pbxbridge.connector.grandstream.cdr;

import io.pbxbridge.connector.grandstream.session.UcmSession;
import io.pbxbridge.connector.grandstream.testing.Await;
import io.pbxbridge.connector.grandstream.testing.RecordingSink;
import io.pbxbridge.connector.grandstream.testing.ScriptedUcm;
import io.pbxbridge.schema.DeadLetter;
import io.pbxbridge.schema.DeadLetterSource;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.schema.CallRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CdrPollerTest {
    private static final DateTimeFormatter PBX = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path stateDir;
    private Vertx vertx;
    private ScriptedUcm ucm;
    private RecordingSink sink;
    private UcmSession session;
    private PbxConfig pbx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        ucm = new ScriptedUcm(vertx);
        Await.result(ucm.start());
        sink = new RecordingSink();
        pbx = TestPbx.config(ucm.port(), ScriptedUcm.API_PASSWORD, Map.of("cdr_enabled", "true", "state_dir", stateDir.toString(),
                "cdr_poll_interval", "50ms", "cdr_page_size", "2"));
        session = new UcmSession(vertx, pbx, TestPbx.context(sink, new TestPbx.States()));
        Await.result(session.start());
    }

    @AfterEach
    void tearDown() {
        Await.result(session.stop());
        Await.result(ucm.stop());
        Await.result(vertx.close());
    }

    private CdrPoller poller() {
        return new CdrPoller(vertx, pbx, session, sink, TestPbx.BRIDGE, session::model);
    }

    @Test
    void restartNeitherLosesNorRepeatsARecord() throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        for (int i = 1; i <= 5; i++) {
            ucm.cdrs.add(cdr(i, now.minusMinutes(10 - i)));
        }
        CdrPoller first = poller();
        first.start();
        Await.until("five CDRs", () -> cdrIds().size() == 5);
        Await.result(first.stop());
        Path file = stateDir.resolve("ucm-1.cdr-checkpoint");
        assertThat(new JsonObject(Files.readString(file)).getLong("acct_id")).isEqualTo(5L);

        // While the bridge is down: two more calls end, one in the same second as the last one seen.
        ucm.cdrs.add(cdr(6, now.minusMinutes(5)));
        ucm.cdrs.add(cdr(7, now));
        CdrPoller second = poller();
        second.start();
        Await.until("seven CDRs", () -> cdrIds().size() >= 7);
        Await.until("a few more polls", () -> ucm.count("cdrapi") >= 12);
        Await.result(second.stop());

        assertThat(cdrIds()).containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(sink.records).extracting(NormalizedRecord::eventId).doesNotHaveDuplicates();
        JsonObject query = ucm.requests("cdrapi").get(ucm.requests("cdrapi").size() - 1);
        assertThat(query.getString("format")).isEqualTo("json");
        assertThat(query.getString("timeFilterType")).isEqualTo("End");
        assertThat(query.getInteger("numRecords")).isEqualTo(2);
    }

    @Test
    void checkpointMovesOnlyAfterTheSinkAcknowledged() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        ucm.cdrs.add(cdr(1, now.minusMinutes(2)));
        ucm.cdrs.add(cdr(2, now.minusMinutes(1)));
        sink.failing = true;
        CdrPoller poller = poller();
        poller.start();
        Await.until("polls while the sink refuses", () -> ucm.count("cdrapi") >= 3);
        assertThat(Files.exists(stateDir.resolve("ucm-1.cdr-checkpoint"))).isFalse();

        sink.failing = false;
        Await.until("both CDRs", () -> cdrIds().size() == 2);
        Await.result(poller.stop());
        assertThat(cdrIds()).containsExactly("1", "2");
    }

    @Test
    void beforeTheFirstCdrTheWindowStaysWherePollingStarted() throws Exception {
        // A short look-back: a window moving with "now" would have passed a CDR that shows up late.
        PbxConfig shortLookback = TestPbx.config(ucm.port(), ScriptedUcm.API_PASSWORD, Map.of("cdr_enabled", "true",
                "state_dir", stateDir.toString(), "cdr_poll_interval", "50ms", "cdr_initial_lookback", "1s"));
        CdrPoller poller = new CdrPoller(vertx, shortLookback, session, sink, TestPbx.BRIDGE, session::model);
        LocalDateTime started = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        poller.start();
        Await.until("polls with nothing to find", () -> ucm.count("cdrapi") >= 3);
        Thread.sleep(2_500);
        // It ended when polling had just started, but the PBX lists it only now (or its clock is behind).
        ucm.cdrs.add(cdr(1, started));
        Await.until("the late CDR", () -> cdrIds().size() == 1);
        Await.result(poller.stop());
        assertThat(cdrIds()).containsExactly("1");
    }

    @Test
    void aRowWithoutAcctIdThatKafkaRefusedIsPublishedOnceItAccepts() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        JsonObject noAcctId = cdr(0, now.minusMinutes(2));
        noAcctId.remove("AcctId");
        noAcctId.put("uniqueid", "1700000000.78");
        ucm.cdrs.add(noAcctId);
        sink.failing = true;
        CdrPoller poller = poller();
        poller.start();
        Await.until("polls while the sink refuses", () -> ucm.count("cdrapi") >= 3);

        sink.failing = false;
        long polled = ucm.count("cdrapi");
        Await.until("several polls more", () -> ucm.count("cdrapi") >= polled + 4);
        Await.result(poller.stop());
        assertThat(sink.records.stream().filter(r -> r.value() instanceof CallRecord)
                .map(r -> ((CallRecord) r.value()).getCallId())).as("published once, after the refusals")
                .containsExactly("1700000000.78");
    }

    @Test
    void rowsWithoutAcctIdArePublishedOnceAndUnreadableRowsDeadLettered() throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).withNano(0);
        ucm.cdrs.add(cdr(1, now.minusMinutes(3)));
        // No AcctId: it cannot move the checkpoint, so every later poll lists it again.
        JsonObject noAcctId = cdr(0, now.minusMinutes(2));
        noAcctId.remove("AcctId");
        noAcctId.put("uniqueid", "1700000000.77");
        ucm.cdrs.add(noAcctId);
        // Nothing to identify the call by: not a CDR the bridge can publish.
        JsonObject anonymous = cdr(0, now.minusMinutes(2));
        anonymous.remove("AcctId");
        anonymous.remove("uniqueid");
        ucm.cdrs.add(anonymous);
        ucm.cdrs.add(cdr(2, now.minusMinutes(1)));
        CdrPoller poller = poller();
        poller.start();
        Await.until("both CDRs and the dead letter", () -> cdrIds().size() >= 2 && deadLetters().size() == 1);
        long polled = ucm.count("cdrapi");
        Await.until("several polls more", () -> ucm.count("cdrapi") >= polled + 8);
        Await.result(poller.stop());

        List<CallRecord> cdrs = sink.records.stream().filter(r -> r.value() instanceof CallRecord)
                .map(r -> (CallRecord) r.value()).toList();
        assertThat(cdrs).extracting(CallRecord::getCallId)
                .containsExactly("1700000000.77", "1700000000.1", "1700000000.2");
        assertThat(deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.getSource()).isEqualTo(DeadLetterSource.CDR_POLL);
            assertThat(d.getReason()).contains("CDR without AcctId, uniqueid or session");
            assertThat(new JsonObject(StandardCharsets.UTF_8.decode(d.getRaw()).toString())).isEqualTo(anonymous);
        });
        assertThat(new JsonObject(Files.readString(stateDir.resolve("ucm-1.cdr-checkpoint"))).getLong("acct_id"))
                .isEqualTo(2L);
    }

    @Test
    void aCorruptCheckpointStopsPollingInsteadOfGuessing() throws Exception {
        Files.writeString(stateDir.resolve("ucm-1.cdr-checkpoint"), "{broken");
        ucm.cdrs.add(cdr(1, LocalDateTime.now(ZoneOffset.UTC)));
        CdrPoller poller = poller();
        poller.start();
        Thread.sleep(300);
        Await.result(poller.stop());
        assertThat(ucm.count("cdrapi")).isZero();
        assertThat(cdrIds()).isEmpty();
    }

    private List<DeadLetter> deadLetters() {
        return sink.records.stream().filter(r -> r.value() instanceof DeadLetter).map(r -> (DeadLetter) r.value()).toList();
    }

    private List<String> cdrIds() {
        return sink.records.stream().filter(r -> r.value() instanceof CallRecord).map(r -> ((CallRecord) r.value()).getCdrId()).toList();
    }

    private static JsonObject cdr(int id, LocalDateTime end) {
        return new JsonObject().put("AcctId", Integer.toString(id)).put("uniqueid", "1700000000." + id)
                .put("start", end.minusSeconds(30).format(PBX)).put("answer", end.minusSeconds(20).format(PBX))
                .put("end", end.format(PBX)).put("src", "1001").put("dst", "1002").put("duration", "30").put("billsec", "20")
                .put("disposition", "ANSWERED").put("userfield", "Internal");
    }
}
