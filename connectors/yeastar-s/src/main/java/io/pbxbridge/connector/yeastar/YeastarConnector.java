package io.pbxbridge.connector.yeastar;

import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.settings.OptionSet;
import io.pbxbridge.connector.spi.settings.SettingsException;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.pbxbridge.connector.yeastar.report.YeastarReportNormalizer;
import io.pbxbridge.connector.yeastar.session.YeastarSession;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Vertx;

/** Yeastar S-Series (API v1.0.0, v1.1.0, v2.0.0). Its PBX options are declared in {@link YeastarOptions}. */
public final class YeastarConnector implements PbxConnector {
    public static final String ID = "yeastar-s";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Vendor vendor() {
        return Vendor.YEASTAR_S;
    }

    @Override
    public OptionSet options() {
        return YeastarOptions.ALL;
    }

    /** {@code api_version} is required: it fixes the report format, and a guessed one would garble every report. */
    @Override
    public PbxConfig check(PbxConfig pbx) {
        if (pbx.apiVersion() == null || pbx.apiVersion().isBlank()) {
            throw new SettingsException("api_version", "required");
        }
        try {
            return pbx.withApiVersion(YeastarApiVersion.parse(pbx.apiVersion()).wire());
        } catch (IllegalArgumentException e) {
            throw new SettingsException("api_version", e.getMessage());
        }
    }

    @Override
    public ReportNormalizer normalizer(PbxConfig pbx, BridgeInfo bridge) {
        return new YeastarReportNormalizer(pbx, bridge);
    }

    @Override
    public PbxSession session(Vertx vertx, PbxConfig pbx, SessionContext context) {
        return new YeastarSession(vertx, pbx, context);
    }
}
