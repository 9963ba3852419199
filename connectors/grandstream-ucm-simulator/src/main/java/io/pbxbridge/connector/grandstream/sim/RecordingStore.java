package io.pbxbridge.connector.grandstream.sim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Call recordings served by {@code recapi} (seed 004, table 71). A call is recorded when an extension in it
 * has {@code auto_record} "all" (or "internal"/"external" matching the call); the file is
 * {@code auto-<epoch>-<src>-<dst>.wav} in {@code monitor}, named in the CDR's {@code recordfiles}. The audio
 * is silence, 8 kHz 16-bit mono, about 1 s per 10 s of talk (capped), so downloads have a realistic
 * shape without megabytes.
 */
final class RecordingStore {
    static final Set<String> DIRS = Set.of("monitor", "emergency", "meetme", "queue", "sca");
    private static final int MAX_SAMPLES = 8000 * 10;
    private final Map<String, Map<String, Integer>> files = new LinkedHashMap<>();

    synchronized String record(String dir, String name, long talkSeconds) {
        int samples = (int) Math.min(MAX_SAMPLES, Math.max(800, talkSeconds * 800));
        files.computeIfAbsent(dir, d -> new LinkedHashMap<>()).put(name, samples);
        return name;
    }

    synchronized Buffer wav(String dir, String name) {
        Integer samples = files.getOrDefault(dir, Map.of()).get(name);
        if (samples == null) {
            throw UcmApiException.notFound("recording " + dir + "/" + name);
        }
        int data = samples * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(data);
        return Buffer.buffer(b.array());
    }

    synchronized List<String> list(String dir) {
        return List.copyOf(files.getOrDefault(dir, Map.of()).keySet());
    }

    /** recapi: no parameters → the directory list; a filedir → its file names; a filename → the file. */
    ApiReply recapi(ApiParams p) {
        String dirs = p.optional("filedir");
        String name = p.optional("filename");
        if (dirs == null && name == null) {
            return ApiReply.of(new JsonObject().put("filedir", new JsonArray(List.of("monitor", "emergency", "meetme", "queue", "sca"))));
        }
        String dir = dirs == null ? "monitor" : dirs.split(",")[0].trim();
        for (String d : (dirs == null ? "monitor" : dirs).split(",")) {
            if (!DIRS.contains(d.trim())) {
                throw UcmApiException.invalid("filedir", "one of " + DIRS);
            }
        }
        if (name == null) {
            StringBuilder sb = new StringBuilder();
            for (String d : dirs.split(",")) {
                for (String f : list(d.trim())) {
                    sb.append(sb.isEmpty() ? "" : ",").append(f);
                }
            }
            return ApiReply.raw(sb.toString(), "text/plain;charset=UTF-8");
        }
        if (name.contains("/") || name.contains("..")) {
            throw new UcmApiException(UcmStatus.SENSITIVE_CHARACTERS, "path characters in filename");
        }
        return ApiReply.file(wav(dir, name), "audio/x-wav", name);
    }
}
