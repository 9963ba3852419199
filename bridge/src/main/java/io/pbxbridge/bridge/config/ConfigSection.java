package io.pbxbridge.bridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.settings.Setting;
import io.pbxbridge.connector.spi.settings.SettingProblem;
import io.pbxbridge.connector.spi.settings.ValueType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One YAML mapping of the configuration (the whole file, {@code kafka}, {@code pbxes[0]}...) read
 * through {@link Setting} definitions. Every problem is recorded with its full key path and reading
 * goes on, so one run reports them all; a bad or missing value reads as the setting's default.
 */
final class ConfigSection {
    private final String path;
    private final ObjectNode node;
    private final Problems problems;

    private ConfigSection(String path, ObjectNode node, Problems problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    /** The root of a configuration tree. */
    static ConfigSection root(ObjectNode tree, Problems problems) {
        return new ConfigSection("", tree, problems);
    }

    /** A section with nothing written in it: every setting reads as its default. */
    static ConfigSection empty() {
        return new ConfigSection("", JsonNodeFactory.instance.objectNode(), new Problems());
    }

    /** {@code key}'s full path, e.g. {@code pbxes[0].tls.insecure}. */
    String path(String key) {
        return path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(path(key), message);
    }

    /**
     * Reports keys that no setting (and no sub-section in {@code sections}) defines, at this level and
     * below dotted settings such as {@code embedded.port}.
     */
    void rejectUnknownKeys(Collection<? extends Setting<?>> settings, Collection<String> sections) {
        rejectUnknown(node, "", settings.stream().map(ConfigSection::writtenKeys).flatMap(List::stream).toList(), sections);
    }

    private void rejectUnknown(ObjectNode at, String prefix, List<String> keys, Collection<String> sections) {
        TreeSet<String> known = new TreeSet<>(sections);
        keys.forEach(k -> known.add(k.contains(".") ? k.substring(0, k.indexOf('.')) : k));
        for (Iterator<String> names = at.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problem(prefix + name, "unknown key (known keys here: " + String.join(", ", known) + ")");
                continue;
            }
            List<String> below = keys.stream().filter(k -> k.startsWith(name + ".")).map(k -> k.substring(name.length() + 1)).toList();
            if (!below.isEmpty()) {
                JsonNode child = at.get(name);
                if (child instanceof ObjectNode object) {
                    rejectUnknown(object, prefix + name + ".", below, List.of());
                } else if (!child.isNull()) {
                    problem(prefix + name, "expected mapping of keys to values");
                }
            }
        }
    }

    /** The YAML keys a setting occupies: a secret also has its {@code _file} twin. */
    private static List<String> writtenKeys(Setting<?> s) {
        return s.type() == ConfigTypes.SECRET ? List.of(s.key(), s.key() + "_file") : List.of(s.key());
    }

    /** The value written for a scalar setting, else its default (also after a problem, which is recorded). */
    <T> T get(Setting<T> setting) {
        JsonNode value = find(setting.key());
        if (value == null) {
            if (setting.isRequired()) {
                problem(setting.key(), "required");
            }
            return setting.defaultValue();
        }
        if (!value.isValueNode()) {
            problem(setting.key(), "expected " + setting.type().describe());
            return setting.defaultValue();
        }
        if (setting.isRequired() && value.asText().isBlank()) {
            problem(setting.key(), "required");
            return null;
        }
        try {
            T parsed = setting.parse(value.asText());
            return parsed == null ? setting.defaultValue() : parsed;
        } catch (IllegalArgumentException | ConfigException e) {
            problem(setting.key(), e instanceof ConfigException c ? c.problems().get(0).problem() : e.getMessage());
            return setting.defaultValue();
        }
    }

    /** A secret given inline ({@code key}) or as a file ({@code key_file}); empty when neither. */
    Secret secret(Setting<String> setting) {
        String key = setting.key();
        try {
            return SecretFiles.resolve(text(key), text(key + "_file"), path(key), path(key + "_file"));
        } catch (ConfigException e) {
            e.problems().forEach(p -> problems.add(p.key(), p.problem()));
            return Secret.empty();
        }
    }

    private String text(String key) {
        JsonNode value = find(key);
        if (value != null && !value.isValueNode()) {
            problem(key, "expected single text value");
            return null;
        }
        return value == null ? null : value.asText();
    }

    /** A YAML list of scalars, each checked with {@code element}; empty when absent. */
    <E> List<E> list(Setting<List<E>> setting, ValueType<E> element) {
        JsonNode value = find(setting.key());
        if (value == null) {
            return setting.defaultIfAny().orElse(List.of());
        }
        if (!(value instanceof ArrayNode array)) {
            problem(setting.key(), "expected list");
            return List.of();
        }
        List<E> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = setting.key() + "[" + i + "]";
            JsonNode item = array.get(i);
            if (!item.isValueNode() || item.isNull()) {
                problem(at, "expected " + element.describe());
                continue;
            }
            try {
                out.add(element.parse(item.asText()));
            } catch (IllegalArgumentException e) {
                problem(at, e.getMessage());
            }
        }
        return out;
    }

    /** A mapping of names to scalar values (client properties, connector options); empty when absent. */
    Map<String, String> map(Setting<Map<String, String>> setting) {
        JsonNode value = find(setting.key());
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof ObjectNode object)) {
            problem(setting.key(), "expected mapping of keys to values");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            } else {
                problem(setting.key() + "." + e.getKey(), "expected single text value");
            }
        });
        return out;
    }

    /** The mapping under {@code key} (empty when absent). */
    ConfigSection section(String key) {
        JsonNode value = find(key);
        if (value instanceof ObjectNode object) {
            return new ConfigSection(path(key), object, problems);
        }
        if (value != null) {
            problem(key, "expected mapping of keys to values");
        }
        return new ConfigSection(path(key), JsonNodeFactory.instance.objectNode(), problems);
    }

    /** The mappings of the list under {@code key}; an empty entry is a problem and is skipped. */
    List<ConfigSection> sections(String key) {
        JsonNode value = find(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof ArrayNode array)) {
            problem(key, "expected list");
            return List.of();
        }
        List<ConfigSection> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = key + "[" + i + "]";
            JsonNode item = array.get(i);
            if (item instanceof ObjectNode object) {
                out.add(new ConfigSection(path(at), object, problems));
            } else if (item.isNull()) {
                problem(at, "empty entry");
            } else {
                problem(at, "expected mapping of keys to values");
            }
        }
        return out;
    }

    /** The node at a dotted key, or null when absent or written as null. */
    private JsonNode find(String key) {
        JsonNode at = node;
        for (String part : key.split("\\.")) {
            at = at instanceof ObjectNode object ? object.get(part) : null;
            if (at == null) {
                return null;
            }
        }
        return at.isNull() ? null : at;
    }

    /** Every problem of one load, in the order found; one per key path. */
    static final class Problems {
        private final Map<String, SettingProblem> byPath = new LinkedHashMap<>();

        void add(String path, String message) {
            byPath.putIfAbsent(path, new SettingProblem(path, message));
        }

        /** @throws ConfigException listing every problem, when there is one */
        void throwIfAny() {
            if (!byPath.isEmpty()) {
                throw new ConfigException(List.copyOf(byPath.values()));
            }
        }
    }
}
