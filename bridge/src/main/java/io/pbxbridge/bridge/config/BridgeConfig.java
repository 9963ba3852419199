package io.pbxbridge.bridge.config;

import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.time.Duration;
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
 * @param configWatchInterval how often the configuration file is checked for changes; zero: only on SIGHUP
 */
public record BridgeConfig(String instanceId, KafkaConfig kafka, CodecConfig codec, IngressConfig ingress,
                           ManagementConfig management, LoggingConfig logging, CommandsConfig commands,
                           SessionsConfig sessions, List<PbxConfig> pbxes, Map<String, RecordingConfig> recordings,
                           Duration configWatchInterval) {

    static final Setting<String> INSTANCE_ID = Setting.of("instance_id", ValueType.nonBlank())
            .withDefaultText("`<hostname>-<pid>`").doc("Names this bridge instance in command results and metrics.");
    static final Setting<Duration> CONFIG_WATCH_INTERVAL = Setting.of("config_watch_interval",
                    ValueType.durationOrZero()).withDefault(Duration.ofSeconds(5))
            .doc("How often the configuration file is checked for changes. A changed file is reloaded as on `SIGHUP`: "
                    + "validated first (a bad file is refused, logged, and the running configuration kept), then the "
                    + "PBXes whose entries changed are started, stopped or restarted; other settings need a restart. "
                    + "`0s`: only on `SIGHUP`.");

    /** The top-level keys that are not sections. */
    static final List<Setting<?>> KEYS = List.of(INSTANCE_ID, CONFIG_WATCH_INTERVAL);

    public BridgeConfig {
        pbxes = pbxes == null ? List.of() : List.copyOf(pbxes);
        recordings = recordings == null ? Map.of() : Map.copyOf(recordings);
        configWatchInterval = configWatchInterval == null ? Duration.ofSeconds(5) : configWatchInterval;
    }

    /** As loaded before {@code config_watch_interval} existed: the default interval. */
    public BridgeConfig(String instanceId, KafkaConfig kafka, CodecConfig codec, IngressConfig ingress,
                        ManagementConfig management, LoggingConfig logging, CommandsConfig commands,
                        SessionsConfig sessions, List<PbxConfig> pbxes, Map<String, RecordingConfig> recordings) {
        this(instanceId, kafka, codec, ingress, management, logging, commands, sessions, pbxes, recordings, null);
    }

    /** The same configuration recording one more PBX (or another file for it): {@code run --record ID=FILE}. */
    public BridgeConfig withRecording(String pbxId, RecordingConfig recording) {
        Map<String, RecordingConfig> more = new java.util.LinkedHashMap<>(recordings);
        more.put(pbxId, recording);
        return new BridgeConfig(instanceId, kafka, codec, ingress, management, logging, commands, sessions, pbxes, more,
                configWatchInterval);
    }

    public Optional<PbxConfig> pbx(String id) {
        return pbxes.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
