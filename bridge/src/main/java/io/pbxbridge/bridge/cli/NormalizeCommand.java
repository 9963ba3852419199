package io.pbxbridge.bridge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Connectors;
import io.pbxbridge.connector.spi.DeadLetters;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.AvroJson;
import org.apache.avro.generic.GenericContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code normalize}: shows what the bridge would publish for one raw report, without Kafka or a PBX.
 * Reads the report body from stdin and prints one JSON line per record:
 * {@code {"topic": "<default topic name>", "key": "...", "value": <record in Avro's JSON encoding>}}.
 * A body that cannot be parsed prints its dead-letter record, a one-line message on stderr, and
 * exits with {@value #EXIT_BAD_INPUT}.
 */
@Command(name = "normalize", mixinStandardHelpOptions = true,
        description = "Read one raw PBX report body from stdin and print, one JSON line each, the records "
                + "the bridge would publish for it: {\"topic\":…,\"key\":…,\"value\":<Avro JSON>}. "
                + "Unparseable input prints its dead-letter record and exits with 2.")
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
        BridgeInfo bridge = new BridgeInfo(bridgeVersion(), "cli");
        PbxConfig pbx = new PbxConfig(pbxId, vendor, null, null, null, apiVersion, null, List.of(), null, null,
                zone, null);
        Optional<VendorNormalizer> found = normalizerFor(vendor, pbx, bridge);
        if (found.isEmpty()) {
            err.println("normalize: unknown vendor '" + vendor + "' (known: " + knownVendors() + ")");
            return EXIT_BAD_INPUT;
        }
        // As the report ingress would receive it: an HTTP push, received now.
        RawReport report = new RawReport(pbxId, in.readAllBytes(), Instant.now(), IngressChannel.HTTP_REPORT);
        try {
            for (NormalizedRecord record : found.get().normalizer().normalize(report)) {
                print(record);
            }
            return EXIT_OK;
        } catch (MalformedReportException e) {
            print(DeadLetters.forReport(report, found.get().vendor(), e.getMessage(), bridge, "cli:stdin"));
            err.println("normalize: report cannot be parsed: " + oneLine(e.getMessage()));
            return EXIT_BAD_INPUT;
        }
    }

    private void print(NormalizedRecord record) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("topic", record.topic().defaultName());
        line.put("key", record.key());
        line.set("value", JSON.readTree(AvroJson.toJson((GenericContainer) record.value())));
        out.println(JSON.writeValueAsString(line));
    }

    record VendorNormalizer(Vendor vendor, ReportNormalizer normalizer) {
    }

    static String knownVendors() {
        return String.join(", ", Connectors.all().stream().map(PbxConnector::id).sorted().toList());
    }

    static Optional<VendorNormalizer> normalizerFor(String vendor, PbxConfig pbx, BridgeInfo bridge) {
        return Connectors.find(vendor)
                .map(c -> new VendorNormalizer(c.vendor(), c.normalizer(pbx, bridge)));
    }

    private static String bridgeVersion() {
        String v = NormalizeCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String oneLine(String message) {
        return message == null ? "unknown reason" : message.replaceAll("\\s+", " ").trim();
    }
}
