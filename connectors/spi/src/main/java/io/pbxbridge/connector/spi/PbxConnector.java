package io.pbxbridge.connector.spi;

import io.pbxbridge.connector.spi.settings.OptionSet;
import io.pbxbridge.connector.spi.settings.SettingsException;
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

    /**
     * The options this connector understands under {@code pbxes[].options}: name, type, default and
     * meaning of each. The bridge rejects any other key and parses the values at load; the session and
     * normalizer read them typed from {@link PbxConfig#options()}.
     */
    default OptionSet options() {
        return OptionSet.NONE;
    }

    /**
     * The vendor's own rules on one PBX entry, checked when the configuration is loaded (the bridge has
     * already checked what every PBX needs). Returns the entry to use, which may carry normalized values
     * (Yeastar: {@code v2.0.0} becomes {@code 2.0.0}).
     *
     * @throws SettingsException naming each bad key relative to the entry ({@code api_version})
     */
    default PbxConfig check(PbxConfig pbx) {
        return pbx;
    }

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
