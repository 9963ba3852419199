package io.pbxbridge.bridge.management;

import io.vertx.core.Future;

/**
 * One condition the bridge needs before it should receive traffic (Kafka reachable, topics present,
 * a PBX session up...). Implementations must not block: return a Future completed later. A failed
 * Future counts as down, with the failure's message as reason.
 */
public interface ReadinessCheck {
    /** Short stable name, used as the JSON key in {@code /health/ready}: {@code kafka}, {@code pbx.office-1}. */
    String name();

    Future<CheckResult> check();
}
