package io.pbxbridge.bridge.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Kafka's server and clients log every config value and state change at INFO. Inside the bridge that
 * drowns the bridge's own log, so their loggers drop to WARN unless a logback file configures them.
 */
final class EmbeddedKafkaLogging {
    private static final List<String> NOISY = List.of("kafka", "org.apache.kafka", "state.change.logger");

    private EmbeddedKafkaLogging() {
    }

    static void quiet() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return; // another slf4j backend: leave its configuration alone
        }
        for (String name : NOISY) {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARN);
            }
        }
    }
}
