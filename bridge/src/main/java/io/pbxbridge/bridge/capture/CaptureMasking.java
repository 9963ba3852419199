package io.pbxbridge.bridge.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.pbxbridge.connector.spi.capture.CaptureFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Blanks secrets out of what a PBX sent before it reaches a capture file: in a JSON body, the value of
 * every field whose name says it is a secret (a login answer's {@code token} or {@code cookie}, an account's
 * {@code secret} or {@code password}); anywhere in a text body, the PBX's own secrets as configured (API
 * password, report-path secret, secret options). A body with nothing to mask is kept byte for byte, so its
 * replay gives the same event ids.
 */
final class CaptureMasking {
    static final String MASK = "******";
    /** Field names whose values are secrets, in any case and spelling found in the vendor documents. */
    static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i).*(password|passwd|secret|token|cookie|credential|api_?key|private_?key).*");
    /** Cheap pre-check: a body none of these occur in has no field to mask, so it is not parsed at all. */
    private static final Pattern SECRET_HINT = Pattern.compile(
            "(?i)pass|secret|token|cookie|credential|api_?key|private_?key");
    /** Shorter configured values are not scrubbed from free text: they would mangle unrelated numbers and words. */
    static final int MIN_SCRUBBED_LENGTH = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> known;

    /** @param knownSecrets the PBX's configured secret values (blank and short ones are ignored) */
    CaptureMasking(Collection<String> knownSecrets) {
        List<String> values = new ArrayList<>();
        for (String s : knownSecrets) {
            if (s != null && s.length() >= MIN_SCRUBBED_LENGTH && !values.contains(s)) {
                values.add(s);
            }
        }
        // Longest first: a secret containing another is scrubbed whole.
        values.sort(Comparator.comparingInt(String::length).reversed());
        this.known = List.copyOf(values);
    }

    /** The body with its secrets masked, or the same array when there was nothing to mask. */
    byte[] mask(byte[] body) {
        String text = CaptureFormat.textOf(body);
        if (text == null) {
            return body; // not UTF-8 (a recording, an image): no text to scrub
        }
        String masked = maskJsonFields(text);
        for (String secret : known) {
            masked = masked.replace(secret, MASK);
        }
        return masked.equals(text) ? body : masked.getBytes(StandardCharsets.UTF_8);
    }

    private static String maskJsonFields(String text) {
        String trimmed = text.stripLeading();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("[")) || !SECRET_HINT.matcher(text).find()) {
            return text;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (IOException e) {
            return text;
        }
        return tree != null && maskTree(tree) ? tree.toString() : text;
    }

    private static boolean maskTree(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (SECRET_FIELD.matcher(field.getKey()).matches() && (value.isTextual() || value.isNumber())
                        && !value.asText().isEmpty() && !value.asText().equals(MASK)) {
                    field.setValue(TextNode.valueOf(MASK));
                    changed = true;
                } else {
                    changed |= maskTree(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                changed |= maskTree(element);
            }
        }
        return changed;
    }
}
