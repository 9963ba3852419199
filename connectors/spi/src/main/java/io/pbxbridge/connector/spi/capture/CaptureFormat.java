package io.pbxbridge.connector.spi.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The capture file format: JSON Lines, UTF-8. The first line is the {@link CaptureHeader}
 * ({@code {"pbx_capture":1,"vendor":…,"pbx_id":…,…}}); each further line is one input
 * ({@code {"at":"<receipt instant>","kind":"report","text":"<body>"}}, with {@code "base64"} instead of
 * {@code "text"} for a body that is not UTF-8, {@code "detail"} naming an API answer's action, and
 * {@code "masked":true} when secrets were blanked out of it), a later header (a restarted bridge appended),
 * or a gap ({@code "kind":"dropped","count":N}, {@code "omitted":<bytes>} instead of a body,
 * {@code "kind":"end","reason":…}). Bodies are kept byte for byte, so a replay yields the same event ids.
 */
public final class CaptureFormat {
    public static final int VERSION = 1;
    /** The field that marks a header line (its value is the format version). */
    public static final String MARKER = "pbx_capture";
    /** Longest line a reader accepts: a body of the largest recorded size, escaped. */
    public static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureFormat() {
    }

    public static String headerLine(CaptureHeader h) {
        ObjectNode n = JSON.createObjectNode();
        n.put(MARKER, h.format());
        n.put("vendor", h.vendor());
        n.put("pbx_id", h.pbxId());
        n.put("api_version", h.apiVersion());
        n.put("time_zone", h.timeZone());
        ObjectNode options = n.putObject("options");
        h.options().forEach(options::put);
        n.put("started_at", h.startedAt() == null ? null : h.startedAt().toString());
        n.put("bridge_version", h.bridgeVersion());
        n.put("instance_id", h.instanceId());
        return n.toString();
    }

    /** One input; {@code masked} says secrets were blanked out of the body. */
    public static String inputLine(CapturedInput in, boolean masked) {
        ObjectNode n = entry(in.receivedAt(), in.kind(), in.detail());
        byte[] body = in.body() == null ? new byte[0] : in.body();
        String text = textOf(body);
        if (text != null) {
            n.put("text", text);
        } else {
            n.put("base64", Base64.getEncoder().encodeToString(body));
        }
        if (masked) {
            n.put("masked", true);
        }
        return n.toString();
    }

    /** An input too large to record: only its size. */
    public static String omittedLine(String kind, String detail, Instant at, long size) {
        return entry(at, kind, detail).put("omitted", size).toString();
    }

    public static String droppedLine(Instant at, long count) {
        return entry(at, CaptureKinds.DROPPED, null).put("count", count).toString();
    }

    public static String endLine(Instant at, String reason) {
        return entry(at, CaptureKinds.END, null).put("reason", reason).toString();
    }

    /** True when {@code line} is a capture header (of any format version). */
    public static boolean isHeader(byte[] line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() && n.has(MARKER);
        } catch (IOException e) {
            return false;
        }
    }

    /** Parses a header line. */
    public static CaptureHeader header(byte[] line) throws IOException {
        JsonNode n = object(line);
        if (!n.has(MARKER)) {
            throw new IOException("not a capture header (no \"" + MARKER + "\" field)");
        }
        int format = n.get(MARKER).asInt(-1);
        if (format != VERSION) {
            throw new IOException("capture format " + n.get(MARKER) + " is not supported (this bridge reads format "
                    + VERSION + ")");
        }
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode o = n.path("options");
        o.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        String vendor = text(n, "vendor");
        String pbxId = text(n, "pbx_id");
        if (vendor == null || pbxId == null) {
            throw new IOException("capture header without vendor or pbx_id");
        }
        return new CaptureHeader(format, vendor, pbxId, text(n, "api_version"), text(n, "time_zone"), options,
                instant(n, "started_at"), text(n, "bridge_version"), text(n, "instance_id"));
    }

    /** Parses a line after the header. */
    public static CaptureLine line(byte[] line) throws IOException {
        JsonNode n = object(line);
        if (n.has(MARKER)) {
            return new CaptureLine.Header(header(line));
        }
        String kind = text(n, "kind");
        Instant at = instant(n, "at");
        if (kind == null || at == null) {
            throw new IOException("capture line without \"kind\" or \"at\"");
        }
        String detail = text(n, "detail");
        if (CaptureKinds.DROPPED.equals(kind)) {
            return new CaptureLine.Gap(kind, at, n.path("count").asLong() + " lines dropped (the recorder's queue was full)");
        }
        if (CaptureKinds.END.equals(kind)) {
            return new CaptureLine.Gap(kind, at, "recording stopped: " + n.path("reason").asText("no reason given"));
        }
        if (n.has("omitted")) {
            return new CaptureLine.Gap(kind, at, kind + (detail == null ? "" : " " + detail) + " of "
                    + n.path("omitted").asLong() + " bytes not recorded (too large)");
        }
        byte[] body;
        if (n.hasNonNull("text")) {
            body = n.get("text").asText().getBytes(StandardCharsets.UTF_8);
        } else if (n.hasNonNull("base64")) {
            try {
                body = Base64.getDecoder().decode(n.get("base64").asText());
            } catch (IllegalArgumentException e) {
                throw new IOException("capture line with a bad base64 body");
            }
        } else {
            throw new IOException("capture line without a body (\"text\" or \"base64\")");
        }
        return new CaptureLine.Input(new CapturedInput(kind, detail, at, body));
    }

    private static ObjectNode entry(Instant at, String kind, String detail) {
        ObjectNode n = JSON.createObjectNode();
        n.put("at", at.toString());
        n.put("kind", kind);
        if (detail != null) {
            n.put("detail", detail);
        }
        return n;
    }

    private static JsonNode object(byte[] line) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("capture line is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IOException("capture line is not a JSON object");
        }
        return n;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode n, String field) throws IOException {
        String t = text(n, field);
        if (t == null) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IOException("capture line: \"" + field + "\" is not an instant: " + t);
        }
    }

    /** The bytes as text when they are valid UTF-8, else null. */
    public static String textOf(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
