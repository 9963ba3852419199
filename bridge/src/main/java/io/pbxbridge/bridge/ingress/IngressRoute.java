package io.pbxbridge.bridge.ingress;

import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.schema.Vendor;

/** What the ingress needs to know about one configured PBX. */
public record IngressRoute(PbxConfig pbx, Vendor vendor, ReportNormalizer normalizer, SourceAddressFilter sources) {
}
