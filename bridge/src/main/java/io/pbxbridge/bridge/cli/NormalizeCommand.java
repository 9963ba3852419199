package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.bridge.config.IngressConfig;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.DeadLetters;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.settings.PbxOptions;
import io.pbxbridge.connector.spi.settings.SettingsException;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.StreamNormalizer;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.AvroJson;
import org.apache.avro.generic.GenericContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code normalize}: shows what the bridge would publish for raw reports, without Kafka or a PBX.
 * Reads from stdin one report, or a sequence of them as JSON Lines (one report or WebSocket frame per
 * line), runs them in order through the connector's {@link StreamNormalizer} (for a Grandstream UCM
 * the live WebSocket pipeline with its call tracker) and prints one JSON line per record:
 * {@code {"topic": "<default topic name>", "key": "...", "value": <record in Avro's JSON encoding>}}.
 * An input that cannot be parsed prints its dead-letter record and a one-line message on stderr; one
 * larger than {@code --max-body-bytes} is refused as the ingress refuses it (413), with a message.
 * Either makes the exit code {@value #EXIT_BAD_INPUT}; the other inputs are still normalized.
 */
@Command(name = "normalize", mixinStandardHelpOptions = true,
        description = "Read a raw PBX report (or JSON Lines: one report or WebSocket frame per line, in order) "
                + "from stdin and print, one JSON line each, the records the bridge would publish: "
                + "{\"topic\":…,\"key\":…,\"value\":<Avro JSON>}. Unparseable input prints its dead-letter "
                + "record and exits with 2; input over --max-body-bytes is refused with exit 2.")
public final class NormalizeCommand implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BAD_INPUT = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--vendor", required = true, description = "Connector id of the PBX family, e.g. yeastar-s.")
    String vendor;

    @Option(names = "--pbx-id", defaultValue = "cli", description = "PBX id used in keys and event ids (default: ${DEFAULT-VALUE}).")
    String pbxId;

    @Option(names = "--api-version", defaultValue = "2.0.0",
            description = "Configured vendor API version (default: ${DEFAULT-VALUE}); Yeastar detects the report shape anyway.")
    String apiVersion;

    @Option(names = "--time-zone", defaultValue = "UTC",
            description = "The PBX's local time zone, for times it prints without one (default: ${DEFAULT-VALUE}).")
    String timeZone;

    @Option(names = "--pbx-model",
            description = "The PBX's model for header.pbx_model (e.g. UCM6304); a live session learns it from the PBX.")
    String pbxModel;

    @Option(names = "--max-body-bytes", defaultValue = "" + IngressConfig.DEFAULT_MAX_BODY_BYTES,
            description = "Largest input, as the ingress's ingress.max_body_bytes (default: ${DEFAULT-VALUE}).")
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
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            err.println("normalize: unknown time zone '" + timeZone + "'");
            return EXIT_BAD_INPUT;
        }
        if (maxBodyBytes < 1) {
            err.println("normalize: --max-body-bytes must be at least 1");
            return EXIT_BAD_INPUT;
        }
        Optional<PbxConnector> connector = Connectors.find(vendor);
        if (connector.isEmpty()) {
            err.println("normalize: unknown vendor '" + vendor + "' (known: " + knownVendors() + ")");
            return EXIT_BAD_INPUT;
        }
        BridgeInfo bridge = new BridgeInfo(bridgeVersion(), "cli");
        PbxOptions options;
        try {
            options = connector.get().options().parse(pbxModel == null ? Map.of() : Map.of("model", pbxModel));
        } catch (SettingsException e) {
            err.println("normalize: --pbx-model is not an option of vendor '" + vendor + "'");
            return EXIT_BAD_INPUT;
        }
        PbxConfig pbx = new PbxConfig(pbxId, vendor, null, null, null, apiVersion, null, List.of(), null, null,
                zone, options);
        StreamNormalizer normalizer = connector.get().streamNormalizer(pbx, bridge);
        NormalizeInputs inputs = new NormalizeInputs(in, maxBodyBytes);
        int exit = EXIT_OK;
        for (NormalizeInputs.Input input = inputs.next(); input != null; input = inputs.next()) {
            String which = inputs.lines() ? "input " + input.number() : "report";
            if (input.tooLarge()) {
                err.println("normalize: " + which + " is " + input.size() + " bytes, larger than --max-body-bytes ("
                        + maxBodyBytes + "); the ingress refuses such a report (413)");
                exit = EXIT_BAD_INPUT;
                continue;
            }
            // As the bridge would receive it, now.
            RawReport report = new RawReport(pbxId, input.bytes(), Instant.now(), IngressChannel.HTTP_REPORT);
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
                print(DeadLetters.forReport(report, connector.get().vendor(), reason, bridge, "cli:stdin"));
                err.println("normalize: " + which + " cannot be parsed: " + oneLine(reason));
                exit = EXIT_BAD_INPUT;
            }
        }
        return exit;
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

    private static String bridgeVersion() {
        String v = NormalizeCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown reason" : message.replaceAll("\\s+", " ").trim();
    }
}
