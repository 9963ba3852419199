package io.pbxbridge.bridge.e2e;

import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.bridge.testkit.ConsumedRecord;
import io.pbxbridge.bridge.testkit.KafkaBroker;
import io.pbxbridge.bridge.testkit.TinySchemaRegistry;
import io.pbxbridge.bridge.testkit.WithKafka;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.sim.Scenario;
import io.pbxbridge.connector.yeastar.sim.YeastarSimulator;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.codec.ConfluentCodec;
import io.pbxbridge.schema.codec.SchemaRegistryClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge configured for Confluent framing (as in docker/compose.yaml): it registers its schemas
 * with a Confluent-compatible registry at start and writes {@code 0x00 + schema id} framed records that
 * a registry-aware consumer decodes.
 */
@WithKafka
class ConfluentFramingEndToEndTest {

    @Test
    void recordsAreConfluentFramedWithRegisteredSchemas(KafkaBroker kafka) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TinySchemaRegistry registry = new TinySchemaRegistry()) {
            YeastarSimulator sim = YeastarEndToEndTest.simulatorOn(vertx, YeastarApiVersion.V1_1_0);
            String codec = "\ncodec: {format: confluent, registry_url: \"" + registry.uri() + "\"}\n";
            try (BridgeHarness bridge = BridgeHarness.start(kafka.bootstrapServers(), kafka.uniquePrefix("confluent"),
                    List.of(YeastarEndToEndTest.pbx("pbx-c", sim, YeastarEndToEndTest.PASSWORD, "5m")), codec)) {
                String callId = Await.result(sim.runScenario(Scenario.INTERNAL)).callId();
                ConfluentCodec reader = new ConfluentCodec(SchemaRegistryClient.builder(registry.uri()).build());
                List<ConsumedRecord> cdrs = kafka.consumer().readUntil(bridge.prefix + "cdr", Duration.ofSeconds(30),
                        rs -> !rs.isEmpty());
                byte[] value = cdrs.get(0).value();
                assertThat(value[0]).as("Confluent magic byte").isZero();
                CallRecord cdr = reader.decode(bridge.prefix + "cdr", value, CallRecord.class);
                assertThat(cdr.getCallId()).isEqualTo(callId);
                assertThat(cdrs.get(0).header("content-type")).isEqualTo(reader.contentType());
            } finally {
                Await.result(sim.stop());
            }
        } finally {
            Await.result(vertx.close());
        }
    }
}
