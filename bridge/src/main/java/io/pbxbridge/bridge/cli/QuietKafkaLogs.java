package io.pbxbridge.bridge.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator commands report Kafka failures as one line of their own; the client's WARN lines
 * ("Connection to node -1 could not be established", repeated every few ms) would bury it.
 */
final class QuietKafkaLogs {
    private QuietKafkaLogs() {
    }

    static void apply() {
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof Logger kafka) {
            kafka.setLevel(Level.ERROR);
        }
    }
}
