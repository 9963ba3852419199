package io.pbxbridge.bridge.management;

import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * "ingress": down while the report ingress refuses every report for a reason of its own — it is stopping, or its
 * in-flight bound stays full with no slot coming back (see {@code ReportIngressServer#refusingEverything}). Kafka
 * being unavailable is the {@code kafka} check's to report, not this one's.
 */
public final class IngressReadinessCheck implements ReadinessCheck {
    private final Supplier<String> refusingEverything;

    /** @param refusingEverything why every report is refused, or null while reports are taken */
    public IngressReadinessCheck(Supplier<String> refusingEverything) {
        this.refusingEverything = refusingEverything;
    }

    @Override
    public String name() {
        return "ingress";
    }

    @Override
    public Future<CheckResult> check() {
        String why = refusingEverything.get();
        return Future.succeededFuture(why == null ? CheckResult.passing() : CheckResult.failing(why));
    }
}
