package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.codec.AvroJson;
import io.pbxbridge.schema.codec.SchemaCatalog;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WithKafka
class TailCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Vertx vertx;
    private static KafkaBroker broker;
    private static String prefix;

    private record Run(int exitCode, List<String> stdout, String stderr) {
    }

    @BeforeAll
    static void publishSamples(KafkaBroker kafka) throws Exception {
        broker = kafka;
        vertx = Vertx.vertx();
        prefix = kafka.uniquePrefix("tail");
        kafka.createTopics(prefix + "call-events", prefix + "system", prefix + "schemas");
        KafkaRecordPublisher publisher = publisher(prefix);
        await(publisher.publish(List.of(
                CliRecords.callEventRecord("hq", "c1", CallEventType.RINGING),
                CliRecords.callEventRecord("hq", "c1", CallEventType.ANSWERED),
                CliRecords.callEventRecord("branch", "c2", CallEventType.RINGING),
                CliRecords.pbxEventRecord("hq", PbxEventType.SESSION_UP))));
        await(publisher.close());
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static KafkaRecordPublisher publisher(String topicPrefix) {
        return new KafkaRecordPublisher(vertx, Map.of("bootstrap.servers", broker.bootstrapServers()), topicPrefix,
                new SingleObjectCodec(), new SimpleMeterRegistry());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Run tail(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TailCommand command = new TailCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        List<String> all = new ArrayList<>(List.of("--bootstrap", broker.bootstrapServers()));
        all.addAll(List.of(args));
        int code = new CommandLine(command).execute(all.toArray(String[]::new));
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(code, text.isEmpty() ? List.of() : text.lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    private static GenericRecord decode(JsonNode value, Schema schema) throws Exception {
        return new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().jsonDecoder(schema, JSON.writeValueAsString(value)));
    }

    @Test
    void printsOneJsonLinePerRecordOfSuffixAndFullTopicNames() throws Exception {
        Run run = tail("--prefix", prefix, "--from-beginning", "--max", "4", "--timeout", "20s",
                "call-events", prefix + "system");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout()).hasSize(4);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.stdout()) {
            lines.add(JSON.readTree(line));
        }
        List<JsonNode> calls = lines.stream().filter(l -> l.get("topic").asText().equals(prefix + "call-events")).toList();
        assertThat(calls).hasSize(3);
        JsonNode first = calls.get(0);
        assertThat(first.get("partition").asInt()).isZero();
        assertThat(first.get("offset").asLong()).isZero();
        assertThat(first.get("key").asText()).isEqualTo("hq/c1");
        assertThat(first.at("/headers/ce_id").asText()).isEqualTo("hq-c1-RINGING");
        assertThat(first.at("/headers/ce_type").asText()).isEqualTo("io.pbxbridge.call.ringing");
        GenericRecord event = decode(first.get("value"), CallEvent.getClassSchema());
        assertThat(event.get("type").toString()).isEqualTo("RINGING");
        assertThat(((GenericRecord) event.get("header")).get("pbx_id").toString()).isEqualTo("hq");
        JsonNode system = lines.stream().filter(l -> l.get("topic").asText().equals(prefix + "system")).findFirst().orElseThrow();
        assertThat(system.at("/value/type").asText()).isEqualTo("SESSION_UP");
    }

    @Test
    void filtersByPbxAndType() throws Exception {
        Run answered = tail("--prefix", prefix, "--from-beginning", "--max", "1", "--timeout", "20s",
                "--type", "answered", "call-events");
        Run branch = tail("--prefix", prefix, "--from-beginning", "--max", "1", "--timeout", "20s",
                "--pbx", "branch", "call-events");
        Run sessionUp = tail("--prefix", prefix, "--from-beginning", "--max", "1", "--timeout", "20s",
                "--pbx", "hq", "--type", "Session_Up", "call-events", "system");
        Run none = tail("--prefix", prefix, "--from-beginning", "--timeout", "2s",
                "--pbx", "branch", "--type", "answered", "call-events", "system");

        assertThat(JSON.readTree(answered.stdout().get(0)).at("/value/type").asText()).isEqualTo("ANSWERED");
        assertThat(answered.stdout()).hasSize(1);
        assertThat(JSON.readTree(branch.stdout().get(0)).get("key").asText()).isEqualTo("branch/c2");
        assertThat(JSON.readTree(sessionUp.stdout().get(0)).at("/value/type").asText()).isEqualTo("SESSION_UP");
        assertThat(none.exitCode()).isZero();
        assertThat(none.stdout()).isEmpty();
    }

    @Test
    void textModePrintsEventLines() {
        Run run = tail("--prefix", prefix, "--from-beginning", "--max", "2", "--timeout", "20s", "--text", "call-events");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).hasSize(2);
        assertThat(run.stdout().get(0)).contains("hq").contains("call ringing").contains("call=c1").doesNotStartWith("{");
        assertThat(run.stdout().get(1)).contains("call answered");
    }

    @Test
    void writerSchemaUnknownToTheCatalogIsResolvedFromTheSchemasTopic() throws Exception {
        String evolvedPrefix = broker.uniquePrefix("tail-evolved");
        broker.createTopics(evolvedPrefix + "call-events", evolvedPrefix + "schemas");
        Schema published = evolvedCallEvent("note");
        Schema unpublished = evolvedCallEvent("other_note");
        assertThat(SchemaCatalog.standard().findByFingerprint(SchemaCatalog.fingerprint(published))).isEmpty();
        KafkaRecordPublisher publisher = publisher(evolvedPrefix);
        await(publisher.send(evolvedPrefix + "schemas", SchemaCatalog.fingerprintHex(published),
                published.toString().getBytes(StandardCharsets.UTF_8), Map.of()));
        await(publisher.send(evolvedPrefix + "call-events", "hq/old", encode(unpublished, "other_note", "lost"),
                Map.of("ce_id", "unpublished")));
        await(publisher.send(evolvedPrefix + "call-events", "hq/new", encode(published, "note", "from the future"),
                Map.of("ce_id", "published")));
        await(publisher.close());

        Run json = tail("--prefix", evolvedPrefix, "--from-beginning", "--max", "1", "--timeout", "20s", "call-events");
        Run text = tail("--prefix", evolvedPrefix, "--from-beginning", "--max", "1", "--timeout", "20s", "--text",
                "call-events");

        assertThat(json.exitCode()).isZero();
        assertThat(json.stdout()).hasSize(1);
        JsonNode line = JSON.readTree(json.stdout().get(0));
        assertThat(line.get("key").asText()).isEqualTo("hq/new");
        assertThat(line.at("/value/note/string").asText()).isEqualTo("from the future");
        assertThat(line.at("/value/call_id").asText()).isEqualTo("new");
        assertThat(json.stderr().lines().toList()).hasSize(1);
        assertThat(json.stderr()).contains("@0").contains(SchemaCatalog.fingerprintHex(unpublished));
        assertThat(text.stdout()).hasSize(1);
        assertThat(text.stdout().get(0)).contains("call ringing").contains("call=new");
    }

    @Test
    void withoutFromBeginningOnlyNewRecordsAndSchemasPublishedWhileTailingAreLearned() throws Exception {
        String livePrefix = broker.uniquePrefix("tail-live");
        broker.createTopics(livePrefix + "call-events", livePrefix + "schemas");
        KafkaRecordPublisher publisher = publisher(livePrefix);
        await(publisher.publish(List.of(CliRecords.callEventRecord("hq", "old", CallEventType.RINGING))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TailCommand command = new TailCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                new CommandLine(command).execute("--bootstrap", broker.bootstrapServers(), "--prefix", livePrefix,
                        "--max", "1", "--timeout", "30s", "call-events"));
        // Undecodable probes until tail reports one: from then on it is positioned and has read the schemas topic.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!err.toString(StandardCharsets.UTF_8).contains("cannot decode") && System.nanoTime() < deadline) {
            await(publisher.send(livePrefix + "call-events", "probe", "not avro".getBytes(StandardCharsets.UTF_8), Map.of()));
            Thread.sleep(100);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot decode");
        Schema evolved = evolvedCallEvent("note");
        await(publisher.send(livePrefix + "schemas", SchemaCatalog.fingerprintHex(evolved),
                evolved.toString().getBytes(StandardCharsets.UTF_8), Map.of()));
        await(publisher.send(livePrefix + "call-events", "hq/new", encode(evolved, "note", "late"), Map.of()));
        await(publisher.close());

        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.get("key").asText()).isEqualTo("hq/new");
        assertThat(line.at("/value/note/string").asText()).isEqualTo("late");
    }

    @Test
    void unknownTopicIsABadArgument() {
        Run run = tail("--prefix", prefix, "--timeout", "1s", "calls");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().lines().toList()).hasSize(1);
        assertThat(run.stderr()).contains("'calls' is not a bridge topic").contains("call-events");
    }

    /** CallEvent as a newer bridge might write it: one more optional string field. */
    private static Schema evolvedCallEvent(String extraField) throws Exception {
        ObjectNode schema = (ObjectNode) JSON.readTree(CallEvent.getClassSchema().toString());
        ObjectNode field = ((ArrayNode) schema.get("fields")).addObject();
        field.put("name", extraField);
        field.putArray("type").add("null").add("string");
        field.putNull("default");
        return new Schema.Parser().parse(schema.toString());
    }

    private static byte[] encode(Schema writer, String extraField, String extraValue) throws Exception {
        String callId = extraField.equals("note") ? "new" : "old";
        ObjectNode json = (ObjectNode) JSON.readTree(AvroJson.toJson(CliRecords.callEvent("hq", callId, CallEventType.RINGING)));
        json.putObject(extraField).put("string", extraValue);
        GenericRecord record = (GenericRecord) AvroJson.fromJson(json.toString(), writer);
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
