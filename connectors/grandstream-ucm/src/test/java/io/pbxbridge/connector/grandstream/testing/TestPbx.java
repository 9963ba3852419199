package io.pbxbridge.connector.grandstream.testing;

import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.RawReport;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.SessionListener;
import io.pbxbridge.connector.spi.SessionState;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.schema.IngressChannel;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Config and context builders for tests. */
public final class TestPbx {
    public static final BridgeInfo BRIDGE = new BridgeInfo("0.1.0-test", "test-instance");

    private TestPbx() {
    }

    /** A PBX at the scripted server with fast timers; extra options override. */
    public static PbxConfig config(int port, String password, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>();
        options.put("backoff_base", "50ms");
        options.put("backoff_max", "200ms");
        options.put("request_timeout", "2s");
        options.put("cdr_enabled", "false");
        options.putAll(extra);
        return new PbxConfig("ucm-1", "grandstream-ucm", URI.create("http://127.0.0.1:" + port), ScriptedUcm.API_USER,
                Secret.of(password), null, Secret.empty(), List.of(), TlsSettings.verifyingDefaults(),
                Duration.ofMinutes(4), ZoneOffset.UTC, UcmOptions.ALL.parse(options));
    }

    public static RawReport report(String body, IngressChannel channel) {
        return new RawReport("ucm-1", body.getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-26T10:00:00Z"), channel);
    }

    /** Records state changes. */
    public static final class States implements SessionListener {
        public final List<SessionState> seen = new CopyOnWriteArrayList<>();
        /** Per report the session received: true when it was dead-lettered. */
        public final List<Boolean> reports = new CopyOnWriteArrayList<>();

        @Override
        public void onStateChange(String pbxId, SessionState state, String reason) {
            seen.add(state);
        }

        @Override
        public void onReportReceived(String pbxId, boolean deadLettered) {
            reports.add(deadLettered);
        }
    }

    public static SessionContext context(RecordingSink sink, States states) {
        return new SessionContext(sink, states, BRIDGE, null);
    }
}
