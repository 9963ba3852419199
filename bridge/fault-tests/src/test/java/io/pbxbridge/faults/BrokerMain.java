package io.pbxbridge.faults;

import io.pbxbridge.bridge.kafka.EmbeddedKafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The broker of the fault tests, in a process of its own: the bridge's embedded single-node KRaft broker
 * (run from the runnable jar's own Kafka classes) on {@code localhost:<port>} with data in {@code <dir>}.
 * Prints {@code KAFKA_READY <bootstrap>} once it serves, and stops when its standard input closes — so it
 * also goes away when the test JVM dies. Group settings are the broker defaults of a production cluster
 * (a 3 s initial rebalance delay included), so the hand-over figures are those of a real deployment.
 *
 * <p>{@code java -cp pbx-bridge.jar:<test classes> io.pbxbridge.faults.BrokerMain <dir> <port>}
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, port, Map.of("group.initial.rebalance.delay.ms", "3000"));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-shutdown"));
        System.out.println("KAFKA_READY " + kafka.bootstrapServers());
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the test to close our input
        }
        kafka.close();
        System.exit(0);
    }
}
