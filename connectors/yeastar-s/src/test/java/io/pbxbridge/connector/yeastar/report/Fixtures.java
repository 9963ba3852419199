package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.MalformedReportException;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Party;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/** Loads report fixtures from {@code yeastar/reports/} and runs them through a normalizer. */
final class Fixtures {
    static final String PBX_ID = "hq-s300";
    static final Instant RECEIVED = Instant.parse("2026-01-02T03:04:05.678Z");
    static final BridgeInfo BRIDGE = new BridgeInfo("9.9.9-test", "test-instance");
    static final ZoneId PBX_ZONE = ZoneId.of("Europe/Berlin");

    private Fixtures() {
    }

    static PbxConfig pbx(String id, String apiVersion) {
        return new PbxConfig(id, "yeastar-s", URI.create("https://10.0.0.5:8088"), "api", null, apiVersion,
                null, List.of(), null, Duration.ofMinutes(5), PBX_ZONE, null);
    }

    static byte[] bytes(String fixture) {
        String path = "/yeastar/reports/" + fixture;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RawReport report(String pbxId, byte[] body) {
        return new RawReport(pbxId, body, RECEIVED, IngressChannel.HTTP_REPORT);
    }

    static List<NormalizedRecord> normalize(String fixture) throws MalformedReportException {
        return normalizeBody(PBX_ID, bytes(fixture));
    }

    static List<NormalizedRecord> normalizeBody(String pbxId, byte[] body) throws MalformedReportException {
        // The configured version deliberately says 2.0.0 everywhere: the shape must be detected.
        return new YeastarReportNormalizer(pbx(pbxId, "2.0.0"), BRIDGE).normalize(report(pbxId, body));
    }

    static NormalizedRecord single(String fixture) throws MalformedReportException {
        List<NormalizedRecord> records = normalize(fixture);
        if (records.size() != 1) {
            throw new AssertionError(fixture + " gave " + records.size() + " records");
        }
        return records.get(0);
    }

    /** {@code ROLE:KIND:number:leg_ref} per party, in order; the readable form the tests compare. */
    static List<String> describe(List<Party> parties) {
        return parties.stream()
                .map(p -> p.getRole() + ":" + p.getKind() + ":" + p.getNumber() + ":" + p.getLegRef())
                .collect(Collectors.toList());
    }
}
