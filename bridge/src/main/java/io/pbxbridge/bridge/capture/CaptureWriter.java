package io.pbxbridge.bridge.capture;

import io.pbxbridge.bridge.config.RecordingConfig;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.capture.CaptureFormat;
import io.pbxbridge.connector.spi.capture.CaptureHeader;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CapturedInput;
import io.pbxbridge.connector.spi.capture.TrafficRecorder;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one PBX's capture file. {@link #record} only queues (bounded in lines and bytes; when full the
 * line is dropped, counted, and a {@code dropped} line marks the gap), so ingest never waits for the disk;
 * a thread of its own masks secrets ({@link CaptureMasking}), encodes ({@link CaptureFormat}) and appends.
 * An input larger than {@link #MAX_INPUT_BYTES} is recorded by its size only. Once the file would grow
 * past {@code record_max_bytes} an {@code end} line is written, recording stops and one line is logged.
 */
public final class CaptureWriter implements TrafficRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureWriter.class);
    static final int MAX_QUEUED_LINES = 10_000;
    static final long MAX_QUEUED_BYTES = 32L * 1024 * 1024;
    static final int MAX_INPUT_BYTES = 4 * 1024 * 1024;
    /** Room kept below the size limit for the {@code end} line. */
    static final int END_RESERVE = 512;

    /** One queued line: an input, an input too large to keep ({@code omitted} > 0) or a drop marker. */
    private record Pending(CapturedInput input, long omitted, long dropped) {
    }

    private final String pbxId;
    private final Path file;
    private final long maxBytes;
    private final CaptureMasking masking;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_QUEUED_LINES);
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong pendingDrops = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicLong linesWritten = new AtomicLong();
    private final Thread thread;
    private final OutputStream out;
    private volatile long written;
    private volatile boolean stopped;
    private volatile boolean closing;
    private volatile boolean full;

    private CaptureWriter(String pbxId, Path file, long maxBytes, CaptureMasking masking, OutputStream out, long written) {
        this.pbxId = pbxId;
        this.file = file;
        this.maxBytes = maxBytes;
        this.masking = masking;
        this.out = out;
        this.written = written;
        this.thread = new Thread(this::drain, "pbx-capture-" + pbxId);
        this.thread.setDaemon(true);
    }

    /**
     * Opens (appends to) the capture file and writes its header line. Blocking: call off the event loop.
     *
     * @throws IOException naming the file when it cannot be written
     */
    public static CaptureWriter open(PbxConfig pbx, RecordingConfig recording, BridgeInfo bridge) throws IOException {
        Path file = recording.file();
        OutputStream out;
        long size;
        try {
            if (!Files.exists(file)) {
                createPrivate(file);
            }
            out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
            size = Files.size(file);
        } catch (IOException e) {
            throw new IOException("PBX " + pbx.id() + ": cannot write the capture file " + file + " (record_to): "
                    + e.getMessage(), e);
        }
        return start(pbx, recording, bridge, out, size);
    }

    /** A new capture holds call data (numbers, names): readable by the bridge's user only, where the file system says so. */
    private static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /** A writer onto {@code out}, which already holds {@code existingBytes} (the file's size), header written. */
    static CaptureWriter start(PbxConfig pbx, RecordingConfig recording, BridgeInfo bridge, OutputStream out,
                               long existingBytes) throws IOException {
        CaptureWriter writer = new CaptureWriter(pbx.id(), recording.file(), recording.maxBytes(),
                new CaptureMasking(secretsOf(pbx)), out, existingBytes);
        writer.start(header(pbx, bridge));
        return writer;
    }

    @Override
    public void record(String kind, String detail, byte[] body, Instant receivedAt) {
        if (stopped || closing) {
            return;
        }
        byte[] bytes = body == null ? new byte[0] : body;
        Pending line = bytes.length > MAX_INPUT_BYTES
                ? new Pending(new CapturedInput(kind, detail, receivedAt, null), bytes.length, 0)
                : new Pending(new CapturedInput(kind, detail, receivedAt, bytes), 0, 0);
        long drops = pendingDrops.get();
        if (drops > 0 && queue.offer(new Pending(new CapturedInput(CaptureKinds.DROPPED, null, receivedAt, null), 0, drops))) {
            pendingDrops.addAndGet(-drops);
        }
        long size = line.input().body() == null ? 0 : line.input().body().length;
        if (queuedBytes.addAndGet(size) > MAX_QUEUED_BYTES || !queue.offer(line)) {
            queuedBytes.addAndGet(-size);
            pendingDrops.incrementAndGet();
            droppedTotal.incrementAndGet();
        }
    }

    /** Inputs dropped because the queue was full, since start. */
    public long dropped() {
        return droppedTotal.get();
    }

    /** Size of the capture file as written so far. */
    public long bytesWritten() {
        return written;
    }

    /** Input lines written (markers excluded), since start. */
    public long linesWritten() {
        return linesWritten.get();
    }

    public Path file() {
        return file;
    }

    /** True once recording stopped at the size limit. */
    public boolean full() {
        return full;
    }

    /** Writes what is queued, then closes the file. Blocking, bounded by {@code timeoutMillis}. */
    public void close(long timeoutMillis) {
        closing = true;
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(CaptureHeader header) throws IOException {
        String line = CaptureFormat.headerLine(header);
        if (written + line.length() + 1 > maxBytes - END_RESERVE) {
            full = true;
            stopped = true;
            out.close();
            LOG.warn("PBX {}: capture file {} is already at record_max_bytes ({} bytes); not recording", pbxId, file, maxBytes);
            return;
        }
        writeLine(line);
        out.flush();
        thread.start();
        LOG.info("PBX {}: recording its traffic to {} (up to {} bytes)", pbxId, file, maxBytes);
    }

    private void drain() {
        try {
            while (!stopped) {
                Pending p = queue.poll(100, TimeUnit.MILLISECONDS);
                if (p == null) {
                    out.flush();
                    if (closing) {
                        break;
                    }
                    continue;
                }
                if (p.input().body() != null) {
                    queuedBytes.addAndGet(-p.input().body().length);
                }
                write(p);
            }
        } catch (IOException e) {
            stopped = true;
            LOG.warn("PBX {}: recording to {} stopped: {}", pbxId, file, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queue.clear();
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more to write
            }
        }
    }

    private void write(Pending p) throws IOException {
        CapturedInput in = p.input();
        String line;
        if (p.dropped() > 0) {
            line = CaptureFormat.droppedLine(in.receivedAt(), p.dropped());
        } else if (p.omitted() > 0) {
            line = CaptureFormat.omittedLine(in.kind(), in.detail(), in.receivedAt(), p.omitted());
        } else {
            byte[] masked = masking.mask(in.body());
            line = CaptureFormat.inputLine(masked == in.body() ? in
                    : new CapturedInput(in.kind(), in.detail(), in.receivedAt(), masked), masked != in.body());
        }
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (written + bytes.length > maxBytes - END_RESERVE) {
            writeLine(CaptureFormat.endLine(in.receivedAt(), "record_max_bytes (" + maxBytes + ") reached"));
            full = true;
            stopped = true;
            LOG.warn("PBX {}: capture file {} reached record_max_bytes ({} bytes); recording stopped", pbxId, file, maxBytes);
            return;
        }
        out.write(bytes);
        written += bytes.length;
        if (p.dropped() == 0) {
            linesWritten.incrementAndGet();
        }
    }

    private void writeLine(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        written += bytes.length;
    }

    private static CaptureHeader header(PbxConfig pbx, BridgeInfo bridge) {
        Map<String, String> options = new LinkedHashMap<>();
        pbx.options().asWritten().forEach((k, v) -> {
            if (!PbxOptions.isSecret(k)) {
                options.put(k, v);
            }
        });
        return new CaptureHeader(CaptureFormat.VERSION, pbx.vendor(), pbx.id(), pbx.apiVersion(),
                pbx.timeZone().getId(), new java.util.TreeMap<>(options), Instant.now(), bridge.version(),
                bridge.instanceId());
    }

    /** The PBX's configured secrets (and the MD5 Yeastar logs in with), scrubbed from every recorded body. */
    static List<String> secretsOf(PbxConfig pbx) {
        List<String> secrets = new ArrayList<>();
        secrets.add(pbx.password().reveal());
        secrets.add(md5(pbx.password().reveal()));
        secrets.add(pbx.reportSecret().reveal());
        if (pbx.tls().trustStorePassword() != null) {
            secrets.add(pbx.tls().trustStorePassword().reveal());
        }
        pbx.options().asWritten().forEach((k, v) -> {
            if (PbxOptions.isSecret(k)) {
                secrets.add(v);
            }
        });
        return secrets;
    }

    private static String md5(String text) {
        if (text.isEmpty()) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            return "";
        }
    }
}
