package io.pbxbridge.bridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every string value of the YAML tree, before
 * binding, so numbers and booleans can come from the environment too. {@code $${} is a literal
 * {@code ${}. An unset variable without default is a problem naming the key and the variable (the value
 * stays as written and is not reported again).
 */
final class EnvSubstitution {
    private final Function<String, String> env;

    EnvSubstitution(Function<String, String> env) {
        this.env = env;
    }

    void apply(JsonNode node, String path, ConfigSection.Problems problems) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(substitute(field.getValue().textValue(), childPath, problems)));
                } else {
                    apply(field.getValue(), childPath, problems);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = path + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(substitute(array.get(i).textValue(), childPath, problems)));
                } else {
                    apply(array.get(i), childPath, problems);
                }
            }
        }
    }

    private String substitute(String value, String path, ConfigSection.Problems problems) {
        try {
            return substitute(value, path);
        } catch (ConfigException e) {
            problems.add(path, e.problems().get(0).problem());
            return value;
        }
    }

    String substitute(String value, String path) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '$' && value.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && value.startsWith("${", i)) {
                int end = value.indexOf('}', i + 2);
                if (end < 0) {
                    throw new ConfigException(path, "unterminated ${ in value");
                }
                out.append(resolve(value.substring(i + 2, end), path));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String expression, String path) {
        int sep = expression.indexOf(":-");
        String name = sep < 0 ? expression : expression.substring(0, sep);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigException(path, "'${" + expression + "}' is not a valid environment variable reference");
        }
        String resolved = env.apply(name);
        // As in the shell, ":-" also replaces a variable that is set but empty.
        if (resolved != null && (sep < 0 || !resolved.isEmpty())) {
            return resolved;
        }
        if (sep >= 0) {
            return expression.substring(sep + 2);
        }
        throw new ConfigException(path, "environment variable " + name + " is not set (use ${" + name
                + ":-default} for a default)");
    }
}
