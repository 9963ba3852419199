package io.pbxbridge.connector.grandstream.events;

import io.pbxbridge.connector.grandstream.testing.DocFrames;
import io.pbxbridge.connector.grandstream.testing.Frames;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link ActiveCallSpans} reads what the model path ({@link UcmFrame#parseModel}) reads, or declines: every
 * fixture's items field by field and its records byte for byte through both paths, the frames it must decline
 * (which the model path then reads, or refuses, as before), and every truncation of every frame.
 */
class ActiveCallSpansTest {
    private static final BridgeInfo BRIDGE = new BridgeInfo("test", "test-1");
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    /** Sequences of frames the span reader must read (each sequence through one session). */
    private static List<List<String>> sequences() {
        List<List<String>> out = new ArrayList<>();
        out.add(DocFrames.internalCall());
        out.add(DocFrames.outboundCall());
        out.add(DocFrames.inboundCall());
        out.add(List.of(Frames.notify("ActiveCallStatus", true, Frames.trunkRinging("add")),
                Frames.notify("ActiveCallStatus", false, Frames.extRinging(Frames.EXT, "1001", "add")),
                Frames.notify("ActiveCallStatus", true, Frames.trunkRinging("update"), Frames.upBridged(Frames.EXT)),
                Frames.notify("ActiveCallStatus", true, Frames.bridge(Frames.TRUNK, Frames.EXT, "add")),
                Frames.notify("ActiveCallStatus", true, Frames.extRinging(Frames.EXT2, "1002", "add"),
                        Frames.bridge(Frames.TRUNK, Frames.EXT2, "add")),
                Frames.notify("ActiveCallStatus", true, Frames.delete(Frames.EXT), Frames.delete(Frames.EXT2)),
                Frames.notify("ActiveCallStatus", true, Frames.bridge(Frames.TRUNK, Frames.EXT, "delete")),
                Frames.notify("ActiveCallStatus", true, Frames.delete(Frames.TRUNK))));
        out.add(List.of(
                // the benchmark's and the simulator's shape (an integer have_send, a bridge with an empty linkedid)
                Frames.TRUNK_RINGING_TEXT,
                "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":[{\"action\":\"add\","
                        + "\"chantype\":\"bridge\",\"linkedid\":\"\",\"bridge_id\":\"b-1\",\"bridge_time\":\"2026-11-26 10:00:05\","
                        + "\"callerid1\":\"0612345678\",\"callerid2\":\"1001\",\"channel1\":\"PJSIP/trunk_1-00000002\","
                        + "\"channel2\":\"PJSIP/1001-00000003\",\"have_send\":1,\"inbound_trunk_name\":\"SIPTrunk1\","
                        + "\"name1\":\"\",\"name2\":\"\",\"outbound_trunk_name\":\"\",\"uniqueid1\":\"1700000000.10\","
                        + "\"uniqueid2\":\"1700000000.11\"}],\"transactionid\":\"\"}]}",
                // whitespace everywhere, eventbody before eventname, no action, one object as message and body
                " {\n \"message\" : {\t\"eventbody\" : {\"channel\" : \"PJSIP/1001-00000003\" , \"action\":\"delete\",\r\n"
                        + "\"cause_txt\":\"Normal Clearing\"} , \"eventname\" : \"ActiveCallStatus\" } } \n",
                // escapes, non-ASCII, numbers, literals and null in fields the tracker reads
                "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":[{\"action\":\"add\","
                        + "\"channel\":\"PJSIP\\/1003-0000000c\",\"linkedid\":\"L\\u00e9-1\",\"uniqueid\":1234,"
                        + "\"state\":\"Ringing\",\"callername\":\"Zo\u00eb \u4e2d\u6587 \ud83d\ude00\",\"callernum\":-42,"
                        + "\"connectednum\":true,\"connectedname\":false,\"service\":null,\"chantype\":\"   \","
                        + "\"alloc_time\":\" 2026-11-26 10:00:09 \",\"inbound_trunk_name\":\"\\\"q\\\" \\\\ \\t\","
                        + "\"extra\":0,\"more\":\"\\u0041\"}]},"
                        + "{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":{\"action\":\"delete\","
                        + "\"channel\":\"PJSIP/1003-0000000c\",\"cause\":\"16\",\"hangupcause\":\"17\"}}]}"));
        // values read as constants (usual ones) next to near misses, and a value repeating the one before it or not
        out.add(List.of(
                "{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":["
                        + "{\"action\":\"ADD\",\"channel\":\"PJSIP/trunk_1-00000010\",\"chantype\":\"bridgE\","
                        + "\"uniqueid\":\"1700000000.10\",\"linkedid\":\"1700000000.11\",\"state\":\"Rinq\","
                        + "\"connectednum\":\"S\",\"callernum\":\"1700000000.11\",\"inbound_trunk_name\":\"T\"},"
                        + "{\"action\":\"update\",\"channel\":\"PJSIP/1001-00000011\",\"chantype\":\"unbridge\","
                        + "\"uniqueid\":\"1700000000.11\",\"linkedid\":\"1700000000.11\",\"state\":\"Ringing\","
                        + "\"connectednum\":\"s\",\"callernum\":\"1001\",\"connectedname\":\"1001\"},"
                        + "{\"action\":\"delete\",\"channel\":\"PJSIP/1001-00000012\",\"state\":\"Up\",\"uniqueid\":\"a\","
                        + "\"linkedid\":\"b\"},{\"action\":\"add\",\"channel\":\"x\",\"state\":\"Down\","
                        + "\"chantype\":\"bridge\"}]}]}"));
        return out;
    }

    /** Frames the span reader must decline; the model path reads (or refuses) them as before. */
    private static List<String> declined() {
        String item = "{\"action\":\"add\",\"channel\":\"PJSIP/1001-00000003\",\"state\":\"Ring\",\"linkedid\":\"1.1\"}";
        List<String> out = new ArrayList<>();
        for (String body : List.of(
                item.replace("\"state\"", "\"linkedid\":\"1.2\",\"state\""), // a key read twice
                item.replace("\"state\":\"Ring\"", "\"state\":{\"a\":1}"), // nested values
                item.replace("\"state\":\"Ring\"", "\"state\":[\"Ring\"]"),
                item.replace("\"state\":\"Ring\"", "\"x\":{}"),
                item.replace("\"Ring\"", "1.5"), item.replace("\"Ring\"", "1e2"), item.replace("\"Ring\"", "-0"),
                item.replace("\"Ring\"", "01"), item.replace("\"Ring\"", "12345678901"), item.replace("\"Ring\"", "-"),
                item.replace("\"Ring\"", "tru"), item.replace("\"Ring\"", "nul"), item.replace("\"Ring\"", "truex"),
                item.replace("\"state\"", "\"st\\u0061te\""), // escaped and non-ASCII keys
                item.replace("\"state\"", "\"\u00e9tat\""),
                item.replace("Ring", "Ri\tng"), // a raw control character
                item.replace("Ring", "Ri\\xng"), item.replace("Ring", "Ri\\u00zz"), // bad escapes
                "{\"action\":\"add\",\"state\":\"Ring\"}", // an item the model refuses (no channel, half a bridge)
                "{\"action\":\"add\",\"channel1\":\"PJSIP/1-1\"}",
                "{}")) {
            out.add("{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":[" + body + "]}]}");
        }
        String notify = "{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":[" + item + "]}";
        out.addAll(List.of(
                "{\"message\":[" + notify.replace("ActiveCallStatus", "ExtensionStatus") + "]}", // other events
                "{\"message\":[" + notify + "," + notify.replace("ActiveCallStatus", "TrunkStatus") + "]}",
                "{\"message\":[" + notify.replace("\"notify\"", "\"Notify\"") + "]}", // the model's case rule decides
                "{\"message\":[" + notify.replace("\"notify\"", "\"response\"") + "]}",
                "{\"message\":[" + notify.replace("\"action\":\"notify\"", "\"action\":\"notify\",\"action\":\"notify\"") + "]}",
                "{\"message\":[" + notify.replace("\"eventname\":\"ActiveCallStatus\",", "") + "]}", // no name
                "{\"message\":[" + notify.replace(",\"eventbody\":[" + item + "]", "") + "]}", // no body
                "{\"message\":[" + notify.replace("[" + item + "]", "[]") + "]}",
                "{\"message\":[" + notify.replace("[" + item + "]", "\"x\"") + "]}",
                "{\"message\":[" + notify.replace("[" + item + "]", "[" + item + ",1]") + "]}",
                "{\"message\":[" + notify.replace("[" + item + "]", "[" + item + "]],\"extra\":{\"a\":1}") + "]}",
                "{\"message\":[]}", "{\"message\":[" + notify + ",1]}", "{\"message\":\"x\"}", "{\"message\":null}",
                "{\"message\":[" + notify + "],\"other\":1}", "{\"other\":1,\"message\":[" + notify + "]}",
                "{\"message\":[" + notify + "]}x", "{\"message\":[" + notify + "]", "[{\"message\":[" + notify + "]}]",
                "", " ", "{\"mess\\u0061ge\":[" + notify + "]}"));
        return out;
    }

    @Test
    void everyFixtureReadsAsTheModelReadsIt() throws Exception {
        List<List<String>> sequences = sequences();
        sequences.add(List.of("{\"message\":[{\"action\":\"notify\",\"eventname\":\"ActiveCallStatus\",\"eventbody\":["
                + "{\"action\":\"add\",\"channel\":\"PJSIP/1001-00000003\",\"state\":\"Ring\",\"linkedid\":\"1.1\"},"
                + "{\"action\":\"add\",\"channel\":\"PJSIP/1001-00000003\",\"linkedid\":\"1.1\"}]}]}"));
        for (List<String> sequence : sequences) {
            for (String frame : sequence) {
                byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
                List<UcmFrame.Notification> spans = ActiveCallSpans.read(bytes);
                assertThat(spans).as("read: %s", frame).isNotNull();
                assertSameItems(spans, UcmFrame.parseModel(bytes, frame).notifications(), frame);
            }
            assertThat(records(sequence, true)).as(sequence.toString()).isEqualTo(records(sequence, false));
        }
    }

    @Test
    void unusualFramesAreDeclinedAndReadByTheModelAsBefore() {
        List<byte[]> frames = new ArrayList<>();
        for (String frame : declined()) {
            frames.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        byte[] invalidUtf8 = sequences().get(0).get(0).replace("Ring", "R\u00e9ng").getBytes(StandardCharsets.UTF_8);
        int lead = indexOf(invalidUtf8, (byte) 0xC3);
        invalidUtf8[lead + 1] = 'x'; // a lead byte without its continuation: decoded with a replacement, as before
        frames.add(invalidUtf8);
        for (byte[] bytes : frames) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertThat(ActiveCallSpans.read(bytes)).as("declined: %s", text).isNull();
            assertSameOutcome(bytes);
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("no such byte");
    }

    @Test
    void everyTruncationDeclinesOrMatches() throws Exception {
        List<String> frames = new ArrayList<>();
        sequences().forEach(frames::addAll);
        frames.addAll(declined());
        for (String frame : frames) {
            byte[] whole = frame.getBytes(StandardCharsets.UTF_8);
            for (int n = 0; n < whole.length; n++) {
                byte[] cut = Arrays.copyOf(whole, n);
                List<UcmFrame.Notification> spans = ActiveCallSpans.read(cut);
                if (spans != null) {
                    assertSameItems(spans, UcmFrame.parseModel(cut, new String(cut, StandardCharsets.UTF_8))
                            .notifications(), frame + " cut at " + n);
                }
                assertSameOutcome(cut);
            }
        }
    }

    /** {@link UcmFrame#parse} gives what the model path gives: the same items, or the same refusal. */
    private static void assertSameOutcome(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Throwable expected = catchThrowable(() -> UcmFrame.parseModel(bytes, text));
        Throwable actual = catchThrowable(() -> UcmFrame.parse(bytes));
        if (expected != null) {
            assertThat(actual).as(text).isInstanceOf(MalformedReportException.class).hasMessage(expected.getMessage());
            return;
        }
        assertThat(actual).as(text).isNull();
        try {
            UcmFrame plain = UcmFrame.parse(bytes);
            UcmFrame model = UcmFrame.parseModel(bytes, text);
            assertSameItems(plain.notifications(), model.notifications(), text);
            assertThat(plain.json().getMap()).isEqualTo(model.json().getMap());
        } catch (MalformedReportException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSameItems(List<UcmFrame.Notification> spans, List<UcmFrame.Notification> model,
                                        String frame) {
        assertThat(spans).as(frame).hasSameSizeAs(model);
        for (int n = 0; n < spans.size(); n++) {
            assertThat(spans.get(n).eventName()).isEqualTo(model.get(n).eventName());
            List<ActiveCallItem> a = spans.get(n).calls();
            List<ActiveCallItem> b = model.get(n).calls();
            assertThat(a).as(frame).hasSameSizeAs(b);
            for (int i = 0; i < a.size(); i++) {
                assertThat(fields(a.get(i))).as("item %d of %s", i, frame).isEqualTo(fields(b.get(i)));
            }
        }
    }

    /** Every field of an item (its hang-up causes included), by name. */
    private static List<String> fields(ActiveCallItem item) {
        List<String> out = new ArrayList<>();
        for (Field field : ActiveCallItem.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            try {
                out.add(field.getName() + "=" + field.get(item));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    /** The encoded records of a sequence through one session, read by the span reader where it can, or by the model. */
    private static List<String> records(List<String> frames, boolean spans) throws MalformedReportException {
        UcmStreamNormalizer normalizer = new UcmStreamNormalizer("ucm-1", BRIDGE, true, ZoneOffset.UTC,
                IngressChannel.WEBSOCKET, "test");
        List<String> out = new ArrayList<>();
        for (String frame : frames) {
            byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
            UcmFrame parsed = spans ? UcmFrame.parse(bytes) : UcmFrame.parseModel(bytes, frame);
            for (NormalizedRecord record : normalizer.frame(parsed, bytes, AT, "UCM6304")) {
                out.add(record.topic() + " " + record.key() + " " + record.eventId() + " "
                        + HexFormat.of().formatHex(CODEC.encode(record.topic().name(), record.value())));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
