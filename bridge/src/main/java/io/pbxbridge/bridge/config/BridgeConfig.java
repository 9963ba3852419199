package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole, validated configuration of one bridge instance. Built only by {@link ConfigLoader};
 * every secret inside is a {@link io.pbxbridge.connector.spi.Secret}, so {@link #toString()} is safe
 * to log.
 *
 * @param instanceId identifies this instance in command results and logs (default hostname-pid)
 * @param kafka      Kafka connection and topics
 * @param codec      value framing
 * @param ingress    report ingress server
 * @param management health and metrics server
 * @param logging    log format
 * @param commands   the command consumer
 * @param sessions   the PBX sessions as a whole (login throttling)
 * @param pbxes      the PBXes to bridge, in file order
 * @param recordings the PBXes whose traffic is recorded ({@code record_to}), by PBX id
 */
public record BridgeConfig(String instanceId, KafkaConfig kafka, CodecConfig codec, IngressConfig ingress,
                           ManagementConfig management, LoggingConfig logging, CommandsConfig commands,
                           SessionsConfig sessions, List<PbxConfig> pbxes, Map<String, RecordingConfig> recordings) {

    static final Setting<String> INSTANCE_ID = Setting.of("instance_id", ValueType.nonBlank())
            .withDefaultText("`<hostname>-<pid>`").doc("Names this bridge instance in command results and metrics.");

    /** The top-level keys that are not sections. */
    static final List<Setting<?>> KEYS = List.of(INSTANCE_ID);

    public BridgeConfig {
        pbxes = pbxes == null ? List.of() : List.copyOf(pbxes);
        recordings = recordings == null ? Map.of() : Map.copyOf(recordings);
    }

    /** The same configuration recording one more PBX (or another file for it): {@code run --record ID=FILE}. */
    public BridgeConfig withRecording(String pbxId, RecordingConfig recording) {
        Map<String, RecordingConfig> more = new java.util.LinkedHashMap<>(recordings);
        more.put(pbxId, recording);
        return new BridgeConfig(instanceId, kafka, codec, ingress, management, logging, commands, sessions, pbxes, more);
    }

    public Optional<PbxConfig> pbx(String id) {
        return pbxes.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
