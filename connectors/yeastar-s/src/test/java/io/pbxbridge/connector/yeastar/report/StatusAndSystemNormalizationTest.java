package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ExtensionState;
import io.pbxbridge.schema.ExtensionStatus;
import io.pbxbridge.schema.PbxEvent;
import io.pbxbridge.schema.PbxEventType;
import io.pbxbridge.schema.TrunkState;
import io.pbxbridge.schema.TrunkStatus;
import io.pbxbridge.schema.codec.CeTypes;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.pbxbridge.connector.yeastar.report.Fixtures.PBX_ID;
import static io.pbxbridge.connector.yeastar.report.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class StatusAndSystemNormalizationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            v1.0.0/extensionstatus-registered.json | 1010 | REGISTERED | Registered | yeastar-1.0.0
            v1.1.0/extensionstatus-busy.json       | 1010 | BUSY       | Busy       | yeastar-1.1.0
            v2.0.0/extensionstatus-ringing.json    | 1023 | RINGING    | Ringing    | yeastar-2.0.0
            v2.0.0/extensionstatus-registered.json | 1023 | REGISTERED | Registered | yeastar-2.0.0
            quirks/extensionstatus-inuse.json      | 101  | BUSY       | InUse      | yeastar-1.0.0
            quirks/extensionstatus-unknown.json    | 1023 | UNKNOWN    | Dancing    | yeastar-2.0.0
            """)
    void extensionStatus(String fixture, String extension, ExtensionState state, String raw, String format)
            throws Exception {
        NormalizedRecord record = single(fixture);
        assertThat(record.topic()).isEqualTo(BridgeTopic.EXTENSION_STATUS);
        assertThat(record.key()).isEqualTo(PBX_ID + "/" + extension);
        assertThat(record.ceType()).isEqualTo(CeTypes.extensionStatus());
        ExtensionStatus status = (ExtensionStatus) record.value();
        assertThat(status.getExtension()).isEqualTo(extension);
        assertThat(status.getStatus()).isEqualTo(state);
        assertThat(status.getStatusRaw()).isEqualTo(raw);
        assertThat(status.getHeader().getReportFormat()).isEqualTo(format);
        assertThat(status.getAttributes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            quirks/trunkstatus-v1.json | SIP-142  | UNREGISTERED | Unregistered | SIP
            quirks/trunkstatus-v2.json | siptrunk | REGISTERED   | Registered   | -
            """)
    void trunkStatus(String fixture, String trunk, TrunkState state, String raw, String type) throws Exception {
        NormalizedRecord record = single(fixture);
        assertThat(record.topic()).isEqualTo(BridgeTopic.TRUNK_STATUS);
        assertThat(record.key()).isEqualTo(PBX_ID + "/" + trunk);
        assertThat(record.ceType()).isEqualTo(CeTypes.trunkStatus());
        TrunkStatus status = (TrunkStatus) record.value();
        assertThat(status.getTrunk()).isEqualTo(trunk);
        assertThat(status.getStatus()).isEqualTo(state);
        assertThat(status.getStatusRaw()).isEqualTo(raw);
        assertThat(status.getTrunkType()).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            v1.0.0/bootup.json | -            | yeastar-1.0.0
            v1.1.0/bootup.json | 369351034049 | yeastar-1.1.0
            v2.0.0/bootup.json | 369451090405 | yeastar-2.0.0
            """)
    void bootUp(String fixture, String serial, String format) throws Exception {
        NormalizedRecord record = single(fixture);
        assertThat(record.topic()).isEqualTo(BridgeTopic.SYSTEM);
        assertThat(record.key()).isEqualTo(PBX_ID);
        assertThat(record.ceType()).isEqualTo(CeTypes.system(PbxEventType.BOOTED));
        PbxEvent event = (PbxEvent) record.value();
        assertThat(event.getType()).isEqualTo(PbxEventType.BOOTED);
        assertThat(event.getTypeRaw()).isEqualTo("BootUp");
        assertThat(event.getHeader().getPbxSerial()).isEqualTo(serial);
        assertThat(event.getHeader().getReportFormat()).isEqualTo(format);
        assertThat(event.getAttributes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            v1.0.0/configchange-trunk-del.json           | trunk     | SIP-142 | DELETE | del
            v1.1.0/configchange-extension-update.json    | extension | 1001    | UPDATE | update
            v2.0.0/configchange-extension-update.json    | extension | 1000    | UPDATE | update
            """)
    void configChange(String fixture, String entity, String id, ConfigOperation op, String opRaw) throws Exception {
        NormalizedRecord record = single(fixture);
        assertThat(record.topic()).isEqualTo(BridgeTopic.SYSTEM);
        assertThat(record.key()).isEqualTo(PBX_ID);
        assertThat(record.ceType()).isEqualTo(CeTypes.system(PbxEventType.CONFIG_CHANGED));
        PbxEvent event = (PbxEvent) record.value();
        assertThat(event.getType()).isEqualTo(PbxEventType.CONFIG_CHANGED);
        assertThat(event.getConfigEntity()).isEqualTo(entity);
        assertThat(event.getConfigEntityId()).isEqualTo(id);
        assertThat(event.getConfigOperation()).isEqualTo(op);
        assertThat(event.getConfigOperationRaw()).isEqualTo(opRaw);
        assertThat(event.getAttributes()).isEmpty();
    }

    @Test
    void configChangeWithAnUnknownOperationKeepsIt() throws Exception {
        byte[] body = "{\"action\":\"ConfigChange\",\"type\":\"ivr\",\"ivrid\":\"6500\",\"operation\":\"rename\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        PbxEvent event = (PbxEvent) Fixtures.normalizeBody(PBX_ID, body).get(0).value();
        assertThat(event.getConfigOperation()).isEqualTo(ConfigOperation.UNKNOWN);
        assertThat(event.getConfigOperationRaw()).isEqualTo("rename");
        assertThat(event.getConfigEntity()).isEqualTo("ivr");
        assertThat(event.getAttributes()).containsExactly(entry("ivrid", "6500"));
    }

    @Test
    void queueAutoPause() throws Exception {
        NormalizedRecord record = single("v2.0.0/queueautopause.json");
        assertThat(record.topic()).isEqualTo(BridgeTopic.SYSTEM);
        assertThat(record.key()).isEqualTo(PBX_ID);
        PbxEvent event = (PbxEvent) record.value();
        assertThat(event.getType()).isEqualTo(PbxEventType.QUEUE_AGENT_AUTO_PAUSED);
        assertThat(event.getTypeRaw()).isEqualTo("QueueAutoPause");
        assertThat(event.getAttributes()).containsOnly(entry("queue", "6700"), entry("agent", "1000"),
                entry("misscall", "[{\"caller\":\"2000\",\"callid\":\"1711360264.92\"}]"));
    }
}
