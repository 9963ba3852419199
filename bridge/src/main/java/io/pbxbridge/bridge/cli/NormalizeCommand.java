package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.bridge.config.IngressConfig;
import io.pbxbridge.bridge.ingress.ReportRecords;
import io.pbxbridge.bridge.management.BuildInfo;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.DeadLetters;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.connector.spi.StreamNormalizer;
import io.pbxbridge.connector.spi.capture.CaptureFormat;
import io.pbxbridge.connector.spi.capture.CaptureHeader;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.CaptureLine;
import io.pbxbridge.connector.spi.capture.CaptureReader;
import io.pbxbridge.connector.spi.capture.CapturedInput;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.settings.SettingProblem;
import io.pbxbridge.connector.spi.settings.SettingsException;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.AvroJson;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.avro.generic.GenericContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code normalize}: shows what the bridge would publish for raw reports, without Kafka or a PBX.
 * Reads (from a file or stdin) one report, a sequence of them as JSON Lines (one report or WebSocket frame
 * per line), or a capture file a bridge recorded ({@code record_to}). JSON Lines run in order through the
 * connector's {@link StreamNormalizer} (for a Grandstream UCM the live WebSocket pipeline with its call
 * tracker). A capture runs exactly as the recording bridge ran it: its PBX id, time zone and options from
 * the header, each input with its receipt time, reports through the ingress's normalizer
 * ({@link ReportRecords}), everything the session recorded through {@link StreamNormalizer#replay} (the
 * session's stream ids, model, resyncs, CDR polls), so the output is record for record what the bridge
 * published, event ids included. Prints one JSON line per record:
 * {@code {"topic": "<default topic name>", "key": "...", "value": <record in Avro's JSON encoding>}}.
 * An input that cannot be parsed prints its dead-letter record and a one-line message on stderr; one
 * larger than {@code --max-body-bytes} is refused as the ingress refuses it (413), with a message.
 * Either makes the exit code {@value #EXIT_BAD_INPUT}; the other inputs are still normalized.
 */
@Command(name = "normalize", mixinStandardHelpOptions = true,
        description = "Read a raw PBX report, JSON Lines (one report or WebSocket frame per line, in order) or a capture "
                + "file (record_to) from FILE or stdin and print, one JSON line each, the records the bridge would "
                + "publish: {\"topic\":…,\"key\":…,\"value\":<Avro JSON>}. A capture replays exactly as recorded (its "
                + "PBX id, time zone, options, stream ids and receipt times). Unparseable input prints its dead-letter "
                + "record and exits with 2; input over --max-body-bytes is refused with exit 2.")
public final class NormalizeCommand implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BAD_INPUT = 2;
    /** A capture header is one short line; this much is read ahead to recognise one. */
    private static final int HEADER_PEEK_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "Read FILE (JSON Lines or a capture file) instead of stdin.")
    Path file;

    @Option(names = "--vendor", description = "Connector id of the PBX family, e.g. yeastar-s; a capture names its own.")
    String vendor;

    @Option(names = "--pbx-id", description = "PBX id used in keys and event ids (default: the capture's, else cli).")
    String pbxId;

    @Option(names = "--api-version",
            description = "Configured vendor API version (default: the capture's, else 2.0.0); Yeastar detects the report shape anyway.")
    String apiVersion;

    @Option(names = "--time-zone",
            description = "The PBX's local time zone, for times it prints without one (default: the capture's, else UTC).")
    String timeZone;

    @Option(names = "--pbx-model",
            description = "The PBX's model for header.pbx_model (e.g. UCM6304); a live session learns it from the PBX.")
    String pbxModel;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "A PBX option as in the entry's options (e.g. call_control=false), checked by the connector; "
                    + "overrides the capture's. Repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--max-body-bytes", defaultValue = "" + IngressConfig.DEFAULT_MAX_BODY_BYTES,
            description = "Largest report, as the ingress's ingress.max_body_bytes (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public NormalizeCommand() {
        this(System.in, System.out, System.err);
    }

    /** For tests and embedding: explicit streams instead of the process's. */
    public NormalizeCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        if (maxBodyBytes < 1) {
            return usage("--max-body-bytes must be at least 1");
        }
        InputStream source;
        try {
            source = file == null ? in : Files.newInputStream(file);
        } catch (IOException e) {
            return usage("cannot read " + file + ": " + e.getMessage());
        }
        try (InputStream input = new BufferedInputStream(source, 64 * 1024)) {
            CaptureHeader header;
            try {
                header = captureHeader(input);
            } catch (IOException e) {
                return usage("not a capture file this bridge can read: " + e.getMessage());
            }
            if (header != null && vendor != null && !vendor.equals(header.vendor())) {
                return usage("--vendor " + vendor + " but the capture is of a " + header.vendor() + " PBX");
            }
            String vendorId = header != null ? header.vendor() : vendor;
            if (vendorId == null) {
                return usage("--vendor is required unless the input is a capture file");
            }
            Optional<PbxConnector> connector = Connectors.find(vendorId);
            if (connector.isEmpty()) {
                return usage("unknown vendor '" + vendorId + "' (known: " + knownVendors() + ")");
            }
            Optional<PbxConfig> pbx = pbx(connector.get(), header);
            if (pbx.isEmpty()) {
                return EXIT_BAD_INPUT;
            }
            BridgeInfo bridge = new BridgeInfo(BuildInfo.version(), "cli");
            return header != null ? replayCapture(input, connector.get(), pbx.get(), bridge)
                    : normalizeLines(input, connector.get(), pbx.get(), bridge);
        }
    }

    /** The PBX as the live bridge had it: the capture's settings, overridden by the options given. */
    private Optional<PbxConfig> pbx(PbxConnector connector, CaptureHeader header) {
        String zoneText = timeZone != null ? timeZone : header != null && header.timeZone() != null ? header.timeZone() : "UTC";
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            usage("unknown time zone '" + zoneText + "'");
            return Optional.empty();
        }
        Map<String, String> written = new LinkedHashMap<>(header == null ? Map.of() : header.options());
        if (pbxModel != null) {
            if (connector.options().options().stream().noneMatch(o -> o.key().equals("model"))) {
                usage("--pbx-model is not an option of vendor '" + connector.id() + "'");
                return Optional.empty();
            }
            written.put("model", pbxModel);
        }
        written.putAll(options);
        PbxOptions parsed;
        try {
            parsed = connector.options().parse(written);
        } catch (SettingsException e) {
            for (SettingProblem p : e.problems()) {
                usage("option " + p.key() + ": " + p.problem());
            }
            return Optional.empty();
        }
        String id = pbxId != null ? pbxId : header != null ? header.pbxId() : "cli";
        String version = apiVersion != null ? apiVersion : header != null && header.apiVersion() != null
                ? header.apiVersion() : "2.0.0";
        return Optional.of(new PbxConfig(id, connector.id(), null, null, null, version, null, List.of(), null, null,
                zone, parsed));
    }

    private int normalizeLines(InputStream input, PbxConnector connector, PbxConfig pbx, BridgeInfo bridge)
            throws IOException {
        StreamNormalizer normalizer = connector.streamNormalizer(pbx, bridge);
        NormalizeInputs inputs = new NormalizeInputs(input, maxBodyBytes);
        int exit = EXIT_OK;
        for (NormalizeInputs.Input next = inputs.next(); next != null; next = inputs.next()) {
            String which = inputs.lines() ? "input " + next.number() : "report";
            if (next.tooLarge()) {
                exit = tooLarge(which, next.size());
                continue;
            }
            // As the bridge would receive it, now.
            RawReport report = new RawReport(pbx.id(), next.bytes(), Instant.now(), IngressChannel.HTTP_REPORT);
            try {
                // Rendered before printing: a record the Avro writer refuses is this input's failure.
                List<String> lines = new ArrayList<>();
                for (NormalizedRecord record : normalizer.next(report)) {
                    lines.add(line(record));
                }
                lines.forEach(out::println);
            } catch (MalformedReportException | RuntimeException e) {
                // As the ingress does: whatever cannot be normalized is shown as its dead letter.
                String reason = e instanceof MalformedReportException ? e.getMessage()
                        : "normalizer failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                print(DeadLetters.forReport(report, connector.vendor(), reason, bridge, "cli:stdin"));
                err.println("normalize: " + which + " cannot be parsed: " + oneLine(reason));
                exit = EXIT_BAD_INPUT;
            }
        }
        return exit;
    }

    /**
     * A capture, line by line: reports as the ingress handles them, everything else through the session's
     * pipeline. A gap (lines dropped, an input too large, recording stopped) is named on stderr: past it the
     * output may differ from what the bridge published.
     */
    private int replayCapture(InputStream input, PbxConnector connector, PbxConfig pbx, BridgeInfo bridge)
            throws IOException {
        CaptureReader reader;
        try {
            reader = new CaptureReader(input);
        } catch (IOException e) {
            return usage("not a capture file this bridge can read: " + e.getMessage());
        }
        ReportNormalizer reports = connector.normalizer(pbx, bridge);
        StreamNormalizer session = connector.streamNormalizer(pbx, bridge);
        int exit = EXIT_OK;
        while (true) {
            CaptureLine line;
            try {
                line = reader.next();
            } catch (IOException e) {
                err.println("normalize: capture " + oneLine(e.getMessage()));
                return EXIT_BAD_INPUT;
            }
            if (line == null) {
                return exit;
            }
            String which = "capture line " + reader.lineNumber();
            if (line instanceof CaptureLine.Gap gap) {
                err.println("normalize: " + which + ": " + gap.what() + "; records from here on may differ from "
                        + "what the bridge published");
            } else if (line instanceof CaptureLine.Header later && !later.header().pbxId().equals(reader.header().pbxId())) {
                err.println("normalize: " + which + ": appended by a bridge recording PBX " + later.header().pbxId()
                        + "; normalized as " + pbx.id());
            } else if (line instanceof CaptureLine.Input recorded) {
                if (!replayInput(recorded.input(), which, connector, pbx, bridge, reports, session)) {
                    exit = EXIT_BAD_INPUT;
                }
            }
        }
    }

    /** Prints the records of one recorded input; false when it was refused or dead-lettered. */
    private boolean replayInput(CapturedInput input, String which, PbxConnector connector, PbxConfig pbx,
                                BridgeInfo bridge, ReportNormalizer reports, StreamNormalizer session) throws IOException {
        if (CaptureKinds.REPORT.equals(input.kind())) {
            if (input.body().length > maxBodyBytes) {
                tooLarge(which, input.body().length);
                return false;
            }
            RawReport report = new RawReport(pbx.id(), input.body(), input.receivedAt(), IngressChannel.HTTP_REPORT);
            ReportRecords.Outcome outcome = ReportRecords.of(reports, connector.vendor(), report, bridge);
            List<String> lines = new ArrayList<>();
            try {
                for (NormalizedRecord record : outcome.records()) {
                    lines.add(line(record));
                }
            } catch (RuntimeException e) {
                // As the ingress does with records Kafka's encoder refuses: the report whole as its dead letter.
                String reason = "normalized records cannot be encoded: " + e.getMessage();
                print(ReportRecords.deadLetter(connector.vendor(), report, reason, bridge));
                err.println("normalize: " + which + " (report) cannot be encoded: " + oneLine(reason));
                return false;
            }
            lines.forEach(out::println);
            if (outcome.deadLettered()) {
                err.println("normalize: " + which + " (report) cannot be parsed: " + oneLine(outcome.deadLetterReason()));
                return false;
            }
            return true;
        }
        boolean ok = true;
        for (NormalizedRecord record : session.replay(input)) {
            print(record);
            if (record.topic() == BridgeTopic.DLQ) {
                err.println("normalize: " + which + " (" + input.kind() + ") cannot be parsed: "
                        + oneLine(((io.pbxbridge.schema.DeadLetter) record.value()).getReason()));
                ok = false;
            }
        }
        return ok;
    }

    /** The capture's header when the input is a capture file (the stream is left where it was), else null. */
    private static CaptureHeader captureHeader(InputStream input) throws IOException {
        input.mark(HEADER_PEEK_BYTES + 1);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        int b;
        int n = 0;
        while ((b = input.read()) != -1 && b != '\n' && n++ < HEADER_PEEK_BYTES) {
            first.write(b);
        }
        input.reset();
        byte[] line = first.toByteArray();
        return CaptureFormat.isHeader(line) ? CaptureFormat.header(line) : null;
    }

    private int tooLarge(String which, long size) {
        err.println("normalize: " + which + " is " + size + " bytes, larger than --max-body-bytes ("
                + maxBodyBytes + "); the ingress refuses such a report (413)");
        return EXIT_BAD_INPUT;
    }

    private int usage(String message) {
        err.println("normalize: " + message);
        return EXIT_BAD_INPUT;
    }

    private void print(NormalizedRecord record) throws IOException {
        out.println(line(record));
    }

    private static String line(NormalizedRecord record) {
        try {
            ObjectNode line = JSON.createObjectNode();
            line.put("topic", record.topic().defaultName());
            line.put("key", record.key());
            line.set("value", JSON.readTree(AvroJson.toJson((GenericContainer) record.value())));
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String knownVendors() {
        return String.join(", ", Connectors.all().stream().map(PbxConnector::id).sorted().toList());
    }

    private static String oneLine(String message) {
        return message == null ? "unknown reason" : message.replaceAll("\\s+", " ").trim();
    }
}
