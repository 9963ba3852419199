package io.pbxbridge.bridge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;
import io.pbxbridge.connector.spi.PbxConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the bridge configuration from one YAML file: parse, substitute {@code ${ENV}} references, then
 * read every key through its definition (unknown keys are errors), apply defaults and check the rules.
 * Every failure is a {@link ConfigException} naming the key path of each problem found.
 */
public final class ConfigLoader {
    private final Function<String, String> env;

    private ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** Loads {@code file} with the process environment. */
    public static BridgeConfig load(Path file) {
        return new ConfigLoader(System::getenv).loadFile(file);
    }

    /** The configuration used when no file is given: embedded Kafka, no PBXes, every default. */
    public static BridgeConfig defaults() {
        return new ConfigLoader(System::getenv).bind(JsonNodeFactory.instance.objectNode());
    }

    /** Loads {@code file} resolving {@code ${NAME}} from {@code env} only (tests). */
    public static BridgeConfig load(Path file, Map<String, String> env) {
        return new ConfigLoader(env::get).loadFile(file);
    }

    /** Parses YAML text resolving {@code ${NAME}} from {@code env} only (tests, tools). */
    public static BridgeConfig parse(String yaml, Map<String, String> env) {
        return new ConfigLoader(env::get).parseText(yaml);
    }

    /**
     * PBX entries given as YAML-shaped maps (the demo's simulated PBXes), validated exactly like the
     * {@code pbxes} of a file; no {@code ${...}} substitution.
     */
    public static List<PbxConfig> pbxEntries(List<Map<String, Object>> entries) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.set("pbxes", mapper().valueToTree(entries));
        return new ConfigLoader(name -> null).bind(tree).pbxes();
    }

    private BridgeConfig loadFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "configuration file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read configuration file " + file + ": " + e.getMessage());
        }
        return parseText(text);
    }

    private BridgeConfig parseText(String yaml) {
        JsonNode tree;
        try {
            tree = mapper().readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ConfigException("", "the configuration must be a YAML mapping of keys to values");
        }
        return bind(object);
    }

    private BridgeConfig bind(ObjectNode tree) {
        ConfigSection.Problems problems = new ConfigSection.Problems();
        new EnvSubstitution(env).apply(tree, "", problems);
        return new ConfigValidator(tree, problems).validate();
    }

    /**
     * A fleet's file lists thousands of PBXes (about 200 bytes each): SnakeYAML's default limit of 3 MiB would
     * refuse 15,000 of them. Still bounded, so a runaway file is refused rather than read whole.
     */
    static final int MAX_YAML_CODE_POINTS = 64 * 1024 * 1024;

    static ObjectMapper mapper() {
        LoaderOptions limits = new LoaderOptions();
        limits.setCodePointLimit(MAX_YAML_CODE_POINTS);
        return new ObjectMapper(YAMLFactory.builder().loaderOptions(limits).build());
    }
}
