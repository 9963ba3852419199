package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.cdr.CdrPoller;
import io.pbxbridge.connector.grandstream.command.LiveChannels;
import io.pbxbridge.connector.grandstream.events.BoundedEventPublisher;
import io.pbxbridge.connector.grandstream.events.OnContextSink;
import io.pbxbridge.connector.grandstream.events.UcmEventPipeline;
import io.pbxbridge.connector.grandstream.session.UcmSession;
import io.pbxbridge.connector.grandstream.ws.UcmWebSocketClient;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.Durations;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.StreamNormalizer;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Grandstream UCM630X and FIBERME FCM630A (one API). A session is the {@code /api} login plus two
 * parts started once it is up: the {@code /websockify} event client (needs a web user) and the
 * {@code cdrapi} poller.
 *
 * <p>PBX options (durations like {@code 30s}, {@code 4m}):
 * {@code api_version} (1.0), {@code cookie_refresh} (4m), {@code request_timeout} (10s),
 * {@code backoff_base} (1s), {@code backoff_max} (60s), {@code lockout_wait} (10m, when the PBX gives
 * no remain_time), {@code legacy_ciphers} (false), {@code ws_username}, {@code ws_password} (secret),
 * {@code ws_events} (ActiveCallStatus,ExtensionStatus,TrunkStatus,PbxStatus), {@code ws_heartbeat} (30s),
 * {@code ws_path} (/websockify), {@code ws_backoff_base}/{@code ws_backoff_max}, {@code call_control}
 * (true), {@code event_buffer} (10000 records), {@code cdr_enabled} (true), {@code cdr_poll_interval}
 * (30s), {@code cdr_page_size} (500), {@code cdr_overlap} (10m), {@code cdr_initial_lookback} (1h),
 * {@code cdr_time_filter} (End), {@code state_dir} (./pbx-bridge-data/state), {@code model} (for the
 * report normalizer and {@code normalize}: no session to ask); commands: {@code apply_delay} (2s), {@code apply_retry_wait},
 * {@code apply_busy_wait} (30s), {@code apply_max_attempts} (5), {@code recording_inline_max_bytes} (65536),
 * {@code response_inline_max_bytes} (262144), {@code download_dir} (see COMMANDS.md).
 */
public final class UcmConnector implements PbxConnector {
    public static final String ID = "grandstream-ucm";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Vendor vendor() {
        return Vendor.GRANDSTREAM_UCM;
    }

    @Override
    public ReportNormalizer normalizer(PbxConfig pbx, BridgeInfo bridge) {
        return new UcmReportNormalizer(pbx, bridge);
    }

    /** The live WebSocket pipeline, one for the whole sequence: what a session publishes for those frames. */
    @Override
    public StreamNormalizer streamNormalizer(PbxConfig pbx, BridgeInfo bridge) {
        return UcmReportNormalizer.stream(pbx, bridge);
    }

    @Override
    public PbxSession session(Vertx vertx, PbxConfig pbx, SessionContext context) {
        UcmSession session = new UcmSession(vertx, pbx, context);
        // What the session publishes (WebSocket call events, CDRs) also teaches its command mapper the
        // channels of live calls, so a command may name a call by call_id alone.
        EventSink published = context.sink();
        EventSink sink = OnContextSink.wrap(records -> {
            session.observe(records);
            return published.publish(records);
        });
        BoundedEventPublisher publisher = new BoundedEventPublisher(vertx, sink,
                Integer.parseInt(pbx.option("event_buffer", "10000")), pbx.id(), context.bridge(),
                Durations.option(pbx, "backoff_base", Duration.ofSeconds(1)));
        UcmEventPipeline pipeline = new UcmEventPipeline(pbx, context.bridge(), session::model, publisher);
        // The WebSocket client runs on the session's context, where commands run too: the frame tracker
        // may be read there without locking.
        session.withLiveChannels(LiveChannels.of(pipeline.tracker()));
        session.withBufferedEvents(publisher::buffered);
        session.withPart(new UcmWebSocketClient(vertx, pbx, session, pipeline));
        session.withPart(new CdrPoller(vertx, pbx, session, sink, context.bridge(), session::model));
        return session;
    }
}
