package io.pbxbridge.connector.spi;

import io.pbxbridge.schema.Vendor;
import io.vertx.core.Vertx;

/**
 * One PBX family. Found with {@link java.util.ServiceLoader}; everything vendor-specific lives behind
 * this interface, in the vendor's own module.
 */
public interface PbxConnector {
    /** The id used in configuration, e.g. {@code yeastar-s}. */
    String id();

    Vendor vendor();

    ReportNormalizer normalizer(PbxConfig pbx, BridgeInfo bridge);

    /**
     * Normalizes a sequence of inputs as the live session would (the {@code normalize} command).
     * By default each input on its own, through {@link #normalizer}; a connector whose live path keeps
     * state across inputs returns that stateful pipeline.
     */
    default StreamNormalizer streamNormalizer(PbxConfig pbx, BridgeInfo bridge) {
        return normalizer(pbx, bridge)::normalize;
    }

    PbxSession session(Vertx vertx, PbxConfig pbx, SessionContext context);
}
