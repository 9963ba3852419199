package io.pbxbridge.bridge.session;

import io.pbxbridge.bridge.tail.TopicTail;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Hands the sessions this instance owns what their PBXes reported through ANY instance's ingress.
 *
 * <p>Report ingress is stateless: behind a load balancer a Yeastar PBX's POSTs may reach an instance
 * that does not own the PBX. The owner still needs them — a BootUp means its token is gone, and the
 * call events teach it the handles (inbound id, channel) a command naming only a call id needs. So the
 * owner follows the event topics (without a consumer group, from the end) and feeds each owned
 * session the records that came in as HTTP reports. Events a session produced itself (WebSocket,
 * polling, its own lifecycle) are not fed back.
 */
public final class ReportFollower {
    private static final Logger LOG = LoggerFactory.getLogger(ReportFollower.class);
    private static final List<BridgeTopic> FOLLOWED = List.of(BridgeTopic.CALL_EVENTS, BridgeTopic.CDR, BridgeTopic.SYSTEM);
    private static final String PBX_SOURCE = CloudEventHeaders.sourceForPbx("");

    /** Junk on an event topic is reported per record: a flood costs a few lines. */
    private final RateLimitedLog problems = RateLimitedLog.warn(LOG);
    private final TopicTail tail;
    private final SessionSupervisor sessions;
    private final Function<BridgeTopic, String> topicNames;

    public ReportFollower(TopicTail tail, SessionSupervisor sessions, Function<BridgeTopic, String> topicNames) {
        this.tail = tail;
        this.sessions = sessions;
        this.topicNames = topicNames;
    }

    public Future<Void> start() {
        Map<String, BridgeTopic> topics = new java.util.LinkedHashMap<>();
        FOLLOWED.forEach(t -> topics.put(topicNames.apply(t), t));
        return tail.start(topics, false, this::ownedSource, ReportFollower::fromIngress, this::hand,
                problem -> problems.log("Following reports: {}", problem));
    }

    /** Records of PBXes this instance does not own are skipped before they are decoded. */
    private boolean ownedSource(String ceSource) {
        return ceSource.startsWith(PBX_SOURCE) && sessions.session(ceSource.substring(PBX_SOURCE.length())).isPresent();
    }

    /** Records decoded (owned PBXes' records only). */
    public long decoded() {
        return tail.decoded();
    }

    public Future<Void> stop() {
        return tail.close();
    }

    private static boolean fromIngress(SpecificRecord record) {
        EventHeader header = header(record);
        return header != null && header.getIngress() == IngressChannel.HTTP_REPORT;
    }

    private void hand(SpecificRecord record) {
        EventHeader header = header(record);
        String pbxId = header.getPbxId();
        if (sessions.session(pbxId).isEmpty()) {
            return;
        }
        // Only the value matters to a session; topic and key are informative.
        NormalizedRecord normalized = new NormalizedRecord(topicOf(record), pbxId, record, header.getEventId(),
                null, header.getOccurredAt() == null ? Instant.now() : header.getOccurredAt());
        sessions.observe(pbxId, List.of(normalized));
    }

    private static BridgeTopic topicOf(SpecificRecord record) {
        return switch (record.getSchema().getName()) {
            case "CallEvent" -> BridgeTopic.CALL_EVENTS;
            case "CallRecord" -> BridgeTopic.CDR;
            default -> BridgeTopic.SYSTEM;
        };
    }

    private static EventHeader header(SpecificRecord record) {
        if (record instanceof GenericRecord generic && generic.hasField("header")
                && generic.get("header") instanceof EventHeader header) {
            return header;
        }
        return null;
    }
}
