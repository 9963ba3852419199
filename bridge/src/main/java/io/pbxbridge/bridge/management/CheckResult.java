package io.pbxbridge.bridge.management;

import java.util.Objects;

/**
 * The outcome of one readiness check.
 *
 * @param up     whether the dependency is usable
 * @param detail a short human-readable explanation (never a secret)
 */
public record CheckResult(boolean up, String detail) {
    public CheckResult {
        detail = Objects.requireNonNullElse(detail, "");
    }

    public static CheckResult passing() {
        return new CheckResult(true, "");
    }

    public static CheckResult passing(String detail) {
        return new CheckResult(true, detail);
    }

    public static CheckResult failing(String reason) {
        return new CheckResult(false, reason);
    }
}
