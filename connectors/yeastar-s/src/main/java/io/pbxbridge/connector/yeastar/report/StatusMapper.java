package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

import java.util.Optional;

/** Extension and trunk status → the compacted status topics, keyed {@code pbxId/extension|trunk}. */
final class StatusMapper {
    private StatusMapper() {
    }

    /**
     * ExtensionStatus. The raw status is always kept: in v2 "Registered" also means "back to idle
     * after Busy", which only the consumer's own history can tell from a fresh registration.
     */
    static Optional<NormalizedRecord> extension(ReportContext ctx) {
        String extension = ctx.takeAny("extension", "extid", "number");
        if (extension == null) {
            return Optional.empty();
        }
        String status = ctx.root.text("status");
        ctx.use("status");
        ExtensionStatus value = ExtensionStatus.newBuilder()
                .setHeader(ctx.header(0))
                .setExtension(extension)
                .setStatus(YeastarCodes.ExtensionStatusCode.map(status))
                .setStatusRaw(status == null ? "" : status)
                .setAttributes(ctx.attributes())
                .build();
        return Optional.of(new NormalizedRecord(BridgeTopic.EXTENSION_STATUS,
                RecordKeys.extension(ctx.pbxId(), extension), value, value.getHeader().getEventId(),
                CeTypes.extensionStatus(), ctx.report.receivedAt()));
    }

    /**
     * The trunk status report is undocumented (A.2): a report whose name mentions a trunk and that
     * carries a trunk name and a status is read as one; anything else is left to the generic record.
     */
    static Optional<NormalizedRecord> trunk(ReportContext ctx) {
        String trunk = ctx.root.nonBlankOf("trunk", "trunkname");
        String status = ctx.root.text("status");
        if (trunk == null || status == null) {
            return Optional.empty();
        }
        ctx.use("trunk", "trunkname", "status");
        TrunkStatus value = TrunkStatus.newBuilder()
                .setHeader(ctx.header(0))
                .setTrunk(trunk)
                .setStatus(YeastarCodes.TrunkStatusCode.map(status))
                .setStatusRaw(status)
                .setTrunkType(ctx.take("type"))
                .setAttributes(ctx.attributes())
                .build();
        return Optional.of(new NormalizedRecord(BridgeTopic.TRUNK_STATUS, RecordKeys.trunk(ctx.pbxId(), trunk),
                value, value.getHeader().getEventId(), CeTypes.trunkStatus(), ctx.report.receivedAt()));
    }
}
