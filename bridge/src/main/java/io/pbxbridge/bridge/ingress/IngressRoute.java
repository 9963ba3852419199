package io.pbxbridge.bridge.ingress;

import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.connector.spi.capture.TrafficRecorder;
import io.pbxbridge.schema.Vendor;

/**
 * What the ingress needs to know about one configured PBX.
 *
 * @param recorder gets every accepted report body when the PBX is recorded ({@code record_to})
 */
public record IngressRoute(PbxConfig pbx, Vendor vendor, ReportNormalizer normalizer, SourceAddressFilter sources,
                           TrafficRecorder recorder) {

    public IngressRoute {
        recorder = recorder == null ? TrafficRecorder.NONE : recorder;
    }

    /** A PBX that is not recorded. */
    public IngressRoute(PbxConfig pbx, Vendor vendor, ReportNormalizer normalizer, SourceAddressFilter sources) {
        this(pbx, vendor, normalizer, sources, TrafficRecorder.NONE);
    }
}
