package io.pbxbridge.bridge.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TimeoutException;

/** Turns Kafka client exceptions into sentences an operator can act on. */
final class KafkaErrors {
    private KafkaErrors() {
    }

    static String explain(Throwable failure, String bootstrapServers) {
        Throwable cause = KafkaFutures.rootCause(failure);
        String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (cause instanceof TimeoutException) {
            return "Kafka at " + bootstrapServers + " did not answer in time (unreachable broker?) - " + detail;
        }
        if (cause instanceof AuthenticationException) {
            return "cannot authenticate to Kafka at " + bootstrapServers + " - " + detail;
        }
        if (cause instanceof AuthorizationException) {
            return "not authorized (the bridge's principal needs DESCRIBE and CREATE on its topics) - " + detail;
        }
        if (cause instanceof InvalidReplicationFactorException) {
            return "invalid replication factor (more replicas than brokers?) - " + detail;
        }
        return detail;
    }
}
