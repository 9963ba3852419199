package io.pbxbridge.bridge.status;

import java.time.Instant;

/**
 * What the status page knows about one PBX from the records it saw on Kafka: reports and commands
 * of the last minute, the newest report, the model the PBX reports, the newest problem. Every update
 * is O(1).
 */
final class PbxActivity {
    private final MinuteRate reports = new MinuteRate();
    private final MinuteRate commands = new MinuteRate();
    private volatile Instant lastReportAt;
    private volatile String model;
    private volatile Problem lastError;

    /** A short description of what went wrong, and when. */
    record Problem(Instant at, String text) {
    }

    void report(Instant receivedAt, String reportedModel, long nowSecond) {
        reports.record(nowSecond);
        Instant last = lastReportAt;
        if (receivedAt != null && (last == null || receivedAt.isAfter(last))) {
            lastReportAt = receivedAt;
        }
        if (reportedModel != null) {
            model = reportedModel;
        }
    }

    void command(long nowSecond) {
        commands.record(nowSecond);
    }

    void problem(Instant at, String text) {
        lastError = new Problem(at == null ? Instant.now() : at, text);
    }

    long reportsLastMinute(long nowSecond) {
        return reports.lastMinute(nowSecond);
    }

    long commandsLastMinute(long nowSecond) {
        return commands.lastMinute(nowSecond);
    }

    Instant lastReportAt() {
        return lastReportAt;
    }

    String model() {
        return model;
    }

    Problem lastError() {
        return lastError;
    }
}
