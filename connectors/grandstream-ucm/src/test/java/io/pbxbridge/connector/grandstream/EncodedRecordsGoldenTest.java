package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.testing.DocFrames;
import io.pbxbridge.connector.grandstream.testing.Frames;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the bridge publishes for UCM reports (the documents' call frames, status frames, a pushed CDR) stays
 * byte for byte what it was: key, event id (a re-sent report must keep its id across an upgrade), CloudEvents
 * type and time, and the digest of the encoded value — compared with a file written by the code before the
 * per-report work was optimised. Each encoded value is also compared with Avro's own single-object encoder.
 *
 * <p>A deliberate change of the output rewrites the file: {@code ./mvnw -B -q -pl connectors/grandstream-ucm -am
 * verify -Dtest=EncodedRecordsGoldenTest -Dgolden.write=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class EncodedRecordsGoldenTest {
    private static final String GOLDEN = "/ucm/golden/encoded-records.txt";
    private static final SingleObjectCodec CODEC = new SingleObjectCodec();

    /** Named sequences of report bodies, each through a fresh normalizer in order. */
    private static Map<String, List<String>> inputs() {
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        inputs.put("internal-call", DocFrames.internalCall());
        inputs.put("outbound-call", DocFrames.outboundCall());
        inputs.put("inbound-call", DocFrames.inboundCall());
        inputs.put("active-call-status", List.of(Frames.notify("ActiveCallStatus", true, Frames.trunkRinging("add"),
                Frames.extRinging(Frames.EXT, "1001", "add"), Frames.bridge(Frames.TRUNK, Frames.EXT, "add"),
                Frames.delete(Frames.EXT))));
        inputs.put("extension-status", List.of(Frames.notify("ExtensionStatus", true,
                new JsonObject().put("extension", "1001").put("status", "Idle"),
                new JsonObject().put("extension", "1002").put("status", "InUse"),
                new JsonObject().put("extension", "1003").put("status", "Busy-ish"))));
        inputs.put("trunk-pbx-voicemail", List.of(new JsonObject().put("message", new JsonArray()
                .add(new JsonObject().put("action", "notify").put("eventname", "TrunkStatus").put("eventbody",
                        new JsonArray().add(new JsonObject().put("trunk_name", "SIPTrunk1").put("status", "Unreachable"))))
                .add(new JsonObject().put("action", "notify").put("eventname", "PbxStatus").put("eventbody",
                        new JsonObject().put("status", "reboot")))
                .add(new JsonObject().put("action", "notify").put("eventname", "VoiceMailStatus").put("eventbody",
                        new JsonArray().add(new JsonObject().put("extension", "1001").put("newmsg", 2))))).encode()));
        inputs.put("pushed-cdr", List.of(new JsonObject().put("cdr_root", new JsonArray().add(
                UcmReportNormalizerTest.cdr())).encode()));
        inputs.put("unknown-json", List.of("{\"action\":\"something\",\"x\":1}"));
        return inputs;
    }

    @Test
    void everyReportEncodesAsBefore() throws Exception {
        PbxConfig pbx = TestPbx.config(1, "x", Map.of("model", "FCM630A"));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<String>> input : inputs().entrySet()) {
            UcmReportNormalizer normalizer = new UcmReportNormalizer(pbx, TestPbx.BRIDGE);
            int i = 0;
            for (String body : input.getValue()) {
                String name = input.getKey() + "#" + i++;
                for (NormalizedRecord record : normalizer.normalize(TestPbx.report(body, IngressChannel.HTTP_REPORT))) {
                    lines.add(line(name, record));
                }
            }
        }
        if (Boolean.getBoolean("golden.write")) {
            Files.write(Path.of("src/test/resources" + GOLDEN), lines, StandardCharsets.UTF_8);
            return;
        }
        assertThat(lines).containsExactlyElementsOf(golden());
    }

    private static String line(String name, NormalizedRecord record) throws Exception {
        String topic = record.topic().nameWith("pbx.");
        byte[] encoded = CODEC.encode(topic, record.value());
        assertThat(encoded).as("%s: the codec's bytes are Avro's", name).isEqualTo(avro(record.value()));
        return String.join(" | ", name, topic, record.key(), record.eventId(), record.ceType(),
                String.valueOf(record.time()), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded)));
    }

    private static byte[] avro(SpecificRecord value) throws IOException {
        ByteBuffer buffer = new BinaryMessageEncoder<SpecificRecord>(SpecificData.getForSchema(value.getSchema()),
                value.getSchema()).encode(value);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static List<String> golden() throws IOException {
        try (InputStream in = EncodedRecordsGoldenTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("golden file %s", GOLDEN).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
