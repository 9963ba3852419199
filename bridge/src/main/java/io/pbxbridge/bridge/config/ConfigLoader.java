package io.pbxbridge.bridge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pbxbridge.connector.spi.PbxConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads the bridge configuration from one YAML file: parse, substitute {@code ${ENV}} references,
 * bind strictly (unknown keys are errors), then validate and apply defaults. Every failure is a
 * {@link ConfigException} naming the key path.
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
        ObjectMapper mapper = mapper();
        JsonNode tree;
        try {
            tree = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException("", "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException("", "the configuration must be a YAML mapping of keys to values");
        }
        return bind(tree);
    }

    private BridgeConfig bind(JsonNode tree) {
        new EnvSubstitution(env).apply(tree, "");
        RawConfig raw;
        try {
            raw = mapper().treeToValue(tree, RawConfig.class);
        } catch (JsonProcessingException e) {
            throw translate(e);
        }
        return new ConfigValidator(raw).validate();
    }

    static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    }

    private static ConfigException translate(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return new ConfigException("", e.getOriginalMessage(), e);
        }
        String path = path(mapping);
        if (e instanceof UnrecognizedPropertyException unknown) {
            TreeSet<String> known = new TreeSet<>();
            if (unknown.getKnownPropertyIds() != null) {
                unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            }
            return new ConfigException(path, "unknown key" + (known.isEmpty() ? "" : " (known keys here: "
                    + String.join(", ", known) + ")"), e);
        }
        if (e instanceof InvalidFormatException bad) {
            return new ConfigException(path, "'" + bad.getValue() + "' is not a valid "
                    + describe(bad.getTargetType()), e);
        }
        if (e instanceof MismatchedInputException mismatch) {
            return new ConfigException(path, "expected " + describe(mismatch.getTargetType()), e);
        }
        return new ConfigException(path, e.getOriginalMessage(), e);
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Integer.class || type == int.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (type == String.class) {
            return "single text value";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "list";
        }
        if (Map.class.isAssignableFrom(type) || type.getName().startsWith(RawConfig.class.getName())) {
            return "mapping of keys to values";
        }
        return type.getSimpleName();
    }

    /** Renders Jackson's reference chain as {@code pbxes[0].tls.insecure}. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
