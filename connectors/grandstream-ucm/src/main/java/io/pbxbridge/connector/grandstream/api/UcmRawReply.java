package io.pbxbridge.connector.grandstream.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Optional;

/**
 * The undecoded answer of an action whose success is not a JSON envelope: {@code recapi} downloads a
 * file, {@code cdrapi}/{@code queueapi} answer CSV or XML, {@code pmsapi} its own format. A refusal still
 * comes as {@code {"status":…}}, which {@link #envelope()} recognises.
 *
 * @param contentType the HTTP Content-Type, or null
 * @param fileName    the name from Content-Disposition, or null
 * @param body        the bytes as received
 */
public record UcmRawReply(String contentType, String fileName, Buffer body) {

    public int size() {
        return body == null ? 0 : body.length();
    }

    public boolean looksLikeJson() {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return true;
        }
        return size() > 0 && body.getByte(0) == '{' && fileName == null;
    }

    /** The reply as a JSON object when it is one (an error envelope, or a JSON-format answer). */
    public Optional<UcmResponse> envelope() {
        if (!looksLikeJson() || size() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(UcmResponse.parse(body.toJsonObject()));
        } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Parses {@code attachment; filename="x.wav"}; null when absent. */
    public static String fileNameOf(String contentDisposition) {
        if (contentDisposition == null) {
            return null;
        }
        int i = contentDisposition.toLowerCase(Locale.ROOT).indexOf("filename=");
        if (i < 0) {
            return null;
        }
        String v = contentDisposition.substring(i + "filename=".length()).trim();
        int semi = v.indexOf(';');
        if (semi >= 0) {
            v = v.substring(0, semi).trim();
        }
        if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
            v = v.substring(1, v.length() - 1);
        }
        return v.isBlank() ? null : v;
    }
}
