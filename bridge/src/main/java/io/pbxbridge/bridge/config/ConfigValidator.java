package io.pbxbridge.bridge.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.settings.Setting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the configuration tree into a {@link BridgeConfig}. Each section's keys are defined once, next
 * to the record they fill ({@code IngressConfig.PORT}...), and read through {@link ConfigSection}; this
 * class adds the rules that span sections. Every problem is collected and reported in one
 * {@link ConfigException}, one line each.
 */
final class ConfigValidator {
    /** The sections of the file and their keys, in the order of the README's configuration reference. */
    static final Map<String, List<Setting<?>>> SECTIONS = sections();

    private final ObjectNode tree;
    private final ConfigSection.Problems problems;

    ConfigValidator(ObjectNode tree, ConfigSection.Problems problems) {
        this.tree = tree;
        this.problems = problems;
    }

    BridgeConfig validate() {
        ConfigSection root = ConfigSection.root(tree, problems);
        root.rejectUnknownKeys(BridgeConfig.KEYS, SECTIONS.keySet());
        String instanceId = root.get(BridgeConfig.INSTANCE_ID);
        java.time.Duration watch = root.get(BridgeConfig.CONFIG_WATCH_INTERVAL);
        KafkaConfig kafka = KafkaConfig.read(root.section("kafka"));
        CodecConfig codec = CodecConfig.read(root.section("codec"));
        IngressConfig ingress = IngressConfig.read(root.section("ingress"));
        ManagementConfig management = ManagementConfig.read(root.section("management"));
        if (ingress.port() != 0 && ingress.port() == management.port()) {
            root.problem("management.port", "must differ from ingress.port (" + ingress.port() + ")");
        }
        CommandsConfig commands = CommandsConfig.read(root.section("commands"));
        SessionsConfig sessions = SessionsConfig.read(root.section("sessions"));
        LoggingConfig logging = LoggingConfig.read(root.section("logging"));
        Map<String, RecordingConfig> recordings = new LinkedHashMap<>();
        List<PbxConfig> pbxes = PbxEntries.read(root.sections("pbxes"), recordings);
        problems.throwIfAny();
        return new BridgeConfig(instanceId == null ? HostDefaults.instanceId() : instanceId, kafka, codec, ingress,
                management, logging, commands, sessions, pbxes, recordings, watch, instanceId != null);
    }

    private static Map<String, List<Setting<?>>> sections() {
        Map<String, List<Setting<?>>> s = new LinkedHashMap<>();
        s.put("kafka", KafkaConfig.KEYS);
        s.put("codec", CodecConfig.KEYS);
        s.put("ingress", IngressConfig.KEYS);
        s.put("management", ManagementConfig.KEYS);
        s.put("commands", CommandsConfig.KEYS);
        s.put("sessions", SessionsConfig.KEYS);
        s.put("logging", LoggingConfig.KEYS);
        s.put("pbxes", PbxEntries.KEYS);
        return s;
    }
}
