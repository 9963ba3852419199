package io.pbxbridge.bridge.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.session.SessionSupervisor;
import io.pbxbridge.bridge.testkit.Await;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.schema.codec.RecordCodec;
import io.vertx.core.Vertx;

import java.util.Collection;

/** One bridge instance as far as commands go: supervisor over fake sessions, real publisher, real consumer. */
final class CommandBridgeInstance implements AutoCloseable {
    final String instanceId;
    final MeterRegistry registry = new SimpleMeterRegistry();
    final SessionSupervisor supervisor;
    final KafkaRecordPublisher publisher;
    final CommandConsumer consumer;
    private boolean stopped;

    CommandBridgeInstance(Vertx vertx, String instanceId, CommandSettings settings, Collection<String> pbxIds,
                          FakePbxFleet fleet, RecordCodec codec) {
        this.instanceId = instanceId;
        this.supervisor = new SessionSupervisor(vertx, fleet::create);
        this.publisher = new KafkaRecordPublisher(vertx, settings.kafkaConfig(), settings.topicPrefix(), codec, registry);
        this.consumer = new CommandConsumer(vertx, settings, pbxIds, supervisor, publisher, codec,
                new BridgeInfo("0.1.0-test", instanceId), registry);
    }

    CommandBridgeInstance start() {
        Await.result(consumer.start());
        return this;
    }

    void stop() {
        if (!stopped) {
            stopped = true;
            Await.result(consumer.stop());
            Await.result(publisher.close());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
