package io.pbxbridge.bridge.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the status page shows at one moment; rendered as HTML ({@link StatusHtml}) and as JSON
 * ({@code /status.json}). Holds no secret: ids, states, counts, reasons and masked locations only. Bounded
 * whatever the fleet's size: one page of the fleet table ({@link FleetPage}), counts for the rest.
 */
record StatusSnapshot(String instanceId, String version, Instant at, String timeZone, List<FleetRow> fleet,
                      List<String> ownedElsewhere, GroupView.Group group, List<StatusFeed.LiveLine> live,
                      List<StatusFeed.DeadLetterEntry> deadLetters, List<StatusFeed.FailedCommand> failedCommands,
                      Streams streams, FleetSummary summary, FleetPage page) {

    /** The same without fleet counts and paging: one page holding every row (a small fleet, tests). */
    StatusSnapshot(String instanceId, String version, Instant at, String timeZone, List<FleetRow> fleet,
                   List<String> ownedElsewhere, GroupView.Group group, List<StatusFeed.LiveLine> live,
                   List<StatusFeed.DeadLetterEntry> deadLetters, List<StatusFeed.FailedCommand> failedCommands,
                   Streams streams) {
        this(instanceId, version, at, timeZone, fleet, ownedElsewhere, group, live, deadLetters, failedCommands, streams,
                new FleetSummary(fleet.size(), ownedElsewhere.size(), Map.of()), FleetPage.single(fleet.size()));
    }

    /** One PBX this instance owns. Rates count the last 60 seconds of records seen on Kafka. */
    record FleetRow(String id, String vendor, String model, String state, Instant stateSince, String stateReason,
                    Instant lastReportAt, long reportsPerMinute, long commandsPerMinute, String lastError,
                    Instant lastErrorAt) {
    }

    record Streams(int open, int max, long droppedLines) {
    }

    /**
     * The whole fleet in numbers.
     *
     * @param owned     PBXes this instance owns
     * @param elsewhere PBXes configured here that other instances own ({@code ownedElsewhere} names a few)
     * @param states    the owned PBXes' sessions by state
     */
    record FleetSummary(int owned, int elsewhere, Map<String, Integer> states) {
    }

    /**
     * Which rows of the owned PBXes the table shows.
     *
     * @param number   this page, from 1
     * @param pages    pages of {@code matching} rows
     * @param size     rows per page
     * @param matching owned PBXes that pass the filter
     * @param query    the filter text (id, vendor, model or state contains it; empty: all)
     * @param state    only sessions in this state (empty: any)
     */
    record FleetPage(int number, int pages, int size, int matching, String query, String state) {
        static FleetPage single(int rows) {
            return new FleetPage(1, 1, Math.max(1, rows), rows, "", "");
        }
    }
}
