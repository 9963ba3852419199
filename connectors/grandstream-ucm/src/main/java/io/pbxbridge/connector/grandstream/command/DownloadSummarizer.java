package io.pbxbridge.connector.grandstream.command;

import io.pbxbridge.connector.grandstream.api.UcmRawReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a file or a CSV/XML answer (recapi, cdrapi, queueapi, pmsapi) into a result a Kafka consumer can
 * use without megabytes in a record: name, content type, size and SHA-256 always; the content itself
 * only when small (base64 for binary up to {@code recording_inline_max_bytes}, text up to
 * {@code response_inline_max_bytes}). A larger body is written to {@code download_dir} when configured
 * (the result names the file) and otherwise only described, with the PBX-side parameters to fetch it.
 * Hashing and writing run off the event loop.
 */
final class DownloadSummarizer {
    private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]");

    private final Vertx vertx;
    private final UcmCommandOptions options;
    private final String pbxId;

    DownloadSummarizer(Vertx vertx, UcmCommandOptions options, String pbxId) {
        this.vertx = vertx;
        this.options = options;
        this.pbxId = pbxId;
    }

    Future<JsonObject> summarize(String action, JsonObject params, UcmRawReply reply) {
        Buffer body = reply.body() == null ? Buffer.buffer() : reply.body();
        boolean text = isText(reply.contentType());
        int limit = text ? options.responseInlineMax() : options.recordingInlineMax();
        String fileName = reply.fileName() != null ? reply.fileName() : params.getString("filename");
        return vertx.executeBlocking(() -> sha256(body), false).compose(sha -> {
            JsonObject download = new JsonObject()
                    .put("action", action)
                    .put("file_name", fileName)
                    .put("content_type", reply.contentType())
                    .put("size", body.length())
                    .put("sha256", sha);
            JsonObject result = new JsonObject().put("status", 0).put("download", download);
            if (body.length() <= limit) {
                if (text) {
                    download.put("encoding", "text").put("content", body.toString(StandardCharsets.UTF_8));
                } else {
                    download.put("encoding", "base64").put("content", Base64.getEncoder().encodeToString(body.getBytes()));
                }
                return Future.succeededFuture(result);
            }
            download.put("inline", false).put("inline_limit", limit)
                    .put("fetch", new JsonObject().put("action", action).put("parameters", withoutSecrets(params)));
            if (options.downloadDir() == null) {
                return Future.succeededFuture(result);
            }
            String dir = options.downloadDir() + "/" + SAFE_NAME.matcher(pbxId).replaceAll("_");
            String name = sha.substring(0, 16) + "-" + SAFE_NAME.matcher(fileName == null ? action : fileName).replaceAll("_");
            String path = dir + "/" + name;
            return vertx.fileSystem().mkdirs(dir)
                    .compose(v -> vertx.fileSystem().writeFile(path, body))
                    .map(v -> {
                        download.put("stored_path", path);
                        return result;
                    })
                    .recover(e -> {
                        download.put("store_error", "could not write to download_dir: " + e.getMessage());
                        return Future.succeededFuture(result);
                    });
        });
    }

    /** pmsapi carries an md5 of the PMS credentials as {@code token}: never echo it into a result. */
    static JsonObject withoutSecrets(JsonObject params) {
        JsonObject copy = params.copy();
        copy.fieldNames().removeIf(k -> {
            String key = k.toLowerCase(Locale.ROOT);
            return key.contains("token") || key.contains("password") || key.contains("secret");
        });
        return copy;
    }

    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("csv");
    }

    static String sha256(Buffer body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
