package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.pbxbridge.schema.topic.RecordKeys;

/** PBX-wide reports → {@link PbxEvent} on pbx.system, keyed {@code pbxId}. */
final class SystemEventMapper {
    private SystemEventMapper() {
    }

    static NormalizedRecord bootUp(ReportContext ctx) {
        return publish(ctx, PbxEvent.newBuilder().setType(PbxEventType.BOOTED));
    }

    /** ConfigChange: which entity (extension/trunk), its id, and add/del/update. No detail of what changed. */
    static NormalizedRecord configChange(ReportContext ctx) {
        String operation = ctx.take("operation");
        return publish(ctx, PbxEvent.newBuilder()
                .setType(PbxEventType.CONFIG_CHANGED)
                .setConfigEntity(ctx.take("type"))
                .setConfigEntityId(ctx.takeAny("extid", "trunkname", "trunk", "id"))
                .setConfigOperation(operation == null ? null : YeastarCodes.ConfigOperationCode.map(operation))
                .setConfigOperationRaw(operation));
    }

    /** QueueAutoPause: queue, agent and the missed calls that paused the agent, as attributes. */
    static NormalizedRecord queueAutoPause(ReportContext ctx) {
        return publish(ctx, PbxEvent.newBuilder().setType(PbxEventType.QUEUE_AGENT_AUTO_PAUSED));
    }

    /** A report the model does not cover (or cannot key): published with every field and the raw payload. */
    static NormalizedRecord unmodelled(ReportContext ctx, String reason) {
        return publish(ctx, PbxEvent.newBuilder().setType(PbxEventType.UNMODELLED_REPORT).setReason(reason));
    }

    private static NormalizedRecord publish(ReportContext ctx, PbxEvent.Builder event) {
        if (!event.hasTypeRaw()) {
            event.setTypeRaw(ctx.name);
        }
        event.setHeader(ctx.header(0));
        event.setAttributes(ctx.attributes());
        PbxEvent value = event.build();
        return new NormalizedRecord(BridgeTopic.SYSTEM, RecordKeys.pbx(ctx.pbxId()), value,
                value.getHeader().getEventId(), CeTypes.system(value.getType()), ctx.report.receivedAt());
    }
}
