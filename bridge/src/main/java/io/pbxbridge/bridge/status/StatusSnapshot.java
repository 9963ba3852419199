package io.pbxbridge.bridge.status;

import java.time.Instant;
import java.util.List;

/**
 * Everything the status page shows at one moment; rendered as HTML ({@link StatusHtml}) and as JSON
 * ({@code /status.json}). Holds no secret: ids, states, counts, reasons and masked locations only.
 */
record StatusSnapshot(String instanceId, String version, Instant at, String timeZone, List<FleetRow> fleet,
                      List<String> ownedElsewhere, GroupView.Group group, List<StatusFeed.LiveLine> live,
                      List<StatusFeed.DeadLetterEntry> deadLetters, List<StatusFeed.FailedCommand> failedCommands,
                      Streams streams) {

    /** One PBX this instance owns. Rates count the last 60 seconds of records seen on Kafka. */
    record FleetRow(String id, String vendor, String model, String state, Instant stateSince, String stateReason,
                    Instant lastReportAt, long reportsPerMinute, long commandsPerMinute, String lastError,
                    Instant lastErrorAt) {
    }

    record Streams(int open, int max, long droppedLines) {
    }
}
