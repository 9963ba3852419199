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
 * @param instanceIdConfigured whether {@code instance_id} was set in the file (not the host-pid default)
 */
public record BridgeConfig(String instanceId, KafkaConfig kafka, CodecConfig codec, IngressConfig ingress,
                           ManagementConfig management, LoggingConfig logging, CommandsConfig commands,
                           SessionsConfig sessions, List<PbxConfig> pbxes, Map<String, RecordingConfig> recordings,
                           Duration configWatchInterval, boolean instanceIdConfigured) {

    static final Setting<String> INSTANCE_ID = Setting.of("instance_id", ValueType.nonBlank())
            .withDefaultText("`<hostname>-<pid>`").doc("Names this bridge instance in command results and metrics. "
                    + "Set it to a name that stays the same across restarts of this instance (e.g. `${POD_NAME}` in a "
                    + "StatefulSet, or the host name where one instance runs per host) and unique among the running "
                    + "instances: it is then also the instance's static membership in the command group "
                    + "(`commands.static_membership`), so after a crash the restarted instance takes its PBXes back "
                    + "at once.");
    static final Setting<Duration> CONFIG_WATCH_INTERVAL = Setting.of("config_watch_interval",
                    ValueType.durationOrZero()).withDefault(Duration.ofSeconds(5))
            .doc("How often the configuration file is checked for changes. A changed file is reloaded as on `SIGHUP`: "
                    + "validated first (a bad file is refused, logged, and the running configuration kept), then the "
                    + "PBXes whose entries changed are started, stopped or restarted; other settings need a restart. "
                    + "`0s`: only on `SIGHUP`.");

    /** Kafka's rule for a {@code group.instance.id} (that of topic names). */
    private static final java.util.regex.Pattern GROUP_INSTANCE_ID = java.util.regex.Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** The top-level keys that are not sections. */
    static final List<Setting<?>> KEYS = List.of(INSTANCE_ID, CONFIG_WATCH_INTERVAL);

    public BridgeConfig {
        pbxes = pbxes == null ? List.of() : List.copyOf(pbxes);
        recordings = recordings == null ? Map.of() : Map.copyOf(recordings);
        configWatchInterval = configWatchInterval == null ? Duration.ofSeconds(5) : configWatchInterval;
    }

    /** The same configuration recording one more PBX (or another file for it): {@code run --record ID=FILE}. */
    public BridgeConfig withRecording(String pbxId, RecordingConfig recording) {
        Map<String, RecordingConfig> more = new java.util.LinkedHashMap<>(recordings);
        more.put(pbxId, recording);
        return new BridgeConfig(instanceId, kafka, codec, ingress, management, logging, commands, sessions, pbxes, more,
                configWatchInterval, instanceIdConfigured);
    }

    /**
     * The command consumer's {@code group.instance.id}: the configured {@code instance_id} when static membership
     * is on ({@code commands.static_membership}) and the id was set explicitly — a default that changes at every
     * start would only leave a dead static member behind — and when Kafka accepts it as one (letters, digits,
     * {@code . _ -}, at most 249).
     */
    public Optional<String> groupInstanceId() {
        return commands.staticMembership() && instanceIdConfigured && GROUP_INSTANCE_ID.matcher(instanceId).matches()
                && !instanceId.equals(".") && !instanceId.equals("..") ? Optional.of(instanceId) : Optional.empty();
    }

    public Optional<PbxConfig> pbx(String id) {
        return pbxes.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
