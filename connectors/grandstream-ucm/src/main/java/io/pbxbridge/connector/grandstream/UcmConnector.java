package io.pbxbridge.connector.grandstream;

import io.pbxbridge.connector.grandstream.cdr.CdrPoller;
import io.pbxbridge.connector.grandstream.command.LiveChannels;
import io.pbxbridge.connector.grandstream.events.BoundedEventPublisher;
import io.pbxbridge.connector.grandstream.events.OnContextSink;
import io.pbxbridge.connector.grandstream.events.UcmEventPipeline;
import io.pbxbridge.connector.grandstream.session.UcmSession;
import io.pbxbridge.connector.grandstream.ws.UcmWebSocketClient;
import io.pbxbridge.connector.spi.BridgeInfo;
import io.pbxbridge.connector.spi.EventSink;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.PbxConnector;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.connector.spi.ReportNormalizer;
import io.pbxbridge.connector.spi.SessionContext;
import io.pbxbridge.connector.spi.StreamNormalizer;
import io.pbxbridge.connector.spi.settings.OptionSet;
import io.pbxbridge.schema.Vendor;
import io.vertx.core.Vertx;

/**
 * Grandstream UCM630X and FIBERME FCM630A (one API). A session is the {@code /api} login plus two
 * parts started once it is up: the {@code /websockify} event client (needs a web user) and the
 * {@code cdrapi} poller.
 * Its PBX options are declared in {@link UcmOptions}.
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
    public OptionSet options() {
        return UcmOptions.ALL;
    }

    @Override
    public ReportNormalizer normalizer(PbxConfig pbx, BridgeInfo bridge) {
        return new UcmReportNormalizer(pbx, bridge);
    }

    /**
     * The live WebSocket pipeline, one for the whole sequence: what a session publishes for those frames;
     * for a capture, the session's whole state (stream id, model, resyncs, CDR polls) rebuilt from it.
     */
    @Override
    public StreamNormalizer streamNormalizer(PbxConfig pbx, BridgeInfo bridge) {
        return new UcmCaptureNormalizer(pbx, bridge);
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
                pbx.options().get(UcmOptions.EVENT_BUFFER), pbx.id(), context.bridge(),
                pbx.options().get(UcmOptions.BACKOFF_BASE));
        UcmEventPipeline pipeline = new UcmEventPipeline(pbx, context.bridge(), session::model, publisher,
                context.recorder(), context.listener());
        // The WebSocket client runs on the session's context, where commands run too: the frame tracker
        // may be read there without locking.
        session.withLiveChannels(LiveChannels.of(pipeline.tracker()));
        session.withBufferedEvents(publisher::buffered);
        session.withPart(new UcmWebSocketClient(vertx, pbx, session, pipeline));
        session.withPart(new CdrPoller(vertx, pbx, session, sink, context.bridge(), session::model, context.recorder()));
        return session;
    }
}
