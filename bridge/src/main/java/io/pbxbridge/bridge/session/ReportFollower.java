package io.pbxbridge.bridge.session;

import io.pbxbridge.bridge.kafka.KafkaRecordPublisher;
import io.pbxbridge.bridge.tail.TopicTail;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.RateLimitedLog;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.codec.CloudEventHeaders;
import io.pbxbridge.schema.codec.CodecException;
import io.pbxbridge.schema.topic.BridgeTopic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
 *
 * <p>What this instance published it does not read back: the {@link ReportHandover} gets those records
 * from the publisher's acknowledgements and keeps them in partition order with what the follower reads. The
 * tail skips them before fetching (the handover is its {@link TopicTail.Holder}: it fetches a partition only
 * from the first record the handover lacks), so an instance alone, or one whose PBXes post only to it,
 * fetches nothing. Of what it fetches it decodes only records other instances wrote about PBXes owned
 * here (the {@code ce_source} header decides, before decoding).
 */
public final class ReportFollower {
    private static final Logger LOG = LoggerFactory.getLogger(ReportFollower.class);
    private static final List<BridgeTopic> FOLLOWED = List.of(BridgeTopic.CALL_EVENTS, BridgeTopic.CDR, BridgeTopic.SYSTEM);
    private static final String PBX_SOURCE = CloudEventHeaders.sourceForPbx("");

    /** Junk on an event topic is reported per record: a flood costs a few lines. */
    private final RateLimitedLog problems = RateLimitedLog.warn(LOG);
    private final Vertx vertx;
    private final TopicTail tail;
    private final SessionSupervisor sessions;
    private final Function<BridgeTopic, String> topicNames;
    private final ReportHandover handover;
    private final Consumer<SpecificRecord> othersRecords;
    private long expiry = -1;

    /**
     * @param publisher this instance's publisher: what it acknowledges is handed over without being read
     *                  back (it takes this follower as its acknowledgement listener)
     */
    public ReportFollower(Vertx vertx, TopicTail tail, SessionSupervisor sessions,
                          Function<BridgeTopic, String> topicNames, KafkaRecordPublisher publisher) {
        this(vertx, tail, sessions, topicNames, publisher, record -> { });
    }

    /**
     * @param othersRecords told of every record of an owned PBX that another instance wrote, once decoded
     *                      (the status page's view of them); the follower's context, keep it short
     */
    public ReportFollower(Vertx vertx, TopicTail tail, SessionSupervisor sessions,
                          Function<BridgeTopic, String> topicNames, KafkaRecordPublisher publisher,
                          Consumer<SpecificRecord> othersRecords) {
        this.vertx = vertx;
        this.othersRecords = othersRecords;
        this.tail = tail;
        this.sessions = sessions;
        this.topicNames = topicNames;
        this.handover = new ReportHandover(sessions, tail::pollSoon);
        publisher.onAcknowledged(handover);
    }

    public Future<Void> start() {
        Map<String, BridgeTopic> topics = new LinkedHashMap<>();
        FOLLOWED.forEach(t -> topics.put(topicNames.apply(t), t));
        return tail.start(topics, false, new TopicTail.Visitor() {
            @Override
            public void positions(Map<String, Map<Integer, Long>> next) {
                handover.following(next);
            }

            @Override
            public void read(TopicTail.Read record) {
                handover.read(record.topic(), record.partition(), record.offset(), () -> decodeIfOwned(record));
            }
        }, handover, handover::waiting, problem -> problems.log("Following reports: {}", problem)).onSuccess(v ->
                expiry = vertx.setPeriodic(ReportHandover.MAX_WAIT_NANOS / 2_000_000, id -> handover.expire()));
    }

    /** Records fetched (what this instance wrote itself is skipped before it is fetched). */
    public long recordsRead() {
        return tail.recordsRead();
    }

    /** Records decoded (records of owned PBXes that other instances wrote). */
    public long decoded() {
        return tail.decoded();
    }

    public Future<Void> stop() {
        if (expiry >= 0) {
            vertx.cancelTimer(expiry);
        }
        return tail.close();
    }

    /** The record to hand on, decoded only when it is an owned PBX's; null when there is none. */
    private NormalizedRecord decodeIfOwned(TopicTail.Read read) {
        String source = read.ceSource();
        if (source != null && !ownedSource(source)) {
            return null;
        }
        SpecificRecord record;
        try {
            record = read.decode();
        } catch (CodecException e) {
            problems.log("Following reports: {}", read.where() + ": " + e.getMessage());
            return null;
        }
        EventHeader header = record == null ? null : ReportHandover.header(record);
        if (header == null || sessions.session(header.getPbxId()).isEmpty()) {
            return null;
        }
        othersRecords.accept(record);
        if (header.getIngress() != IngressChannel.HTTP_REPORT) {
            return null;
        }
        // Only the value matters to a session; topic and key are informative.
        return new NormalizedRecord(topicOf(record), header.getPbxId(), record, header.getEventId(), null,
                header.getOccurredAt() == null ? Instant.now() : header.getOccurredAt());
    }

    /** Records of PBXes this instance does not own are skipped before they are decoded. */
    private boolean ownedSource(String ceSource) {
        return ceSource.startsWith(PBX_SOURCE) && sessions.session(ceSource.substring(PBX_SOURCE.length())).isPresent();
    }

    private static BridgeTopic topicOf(SpecificRecord record) {
        return switch (record.getSchema().getName()) {
            case "CallEvent" -> BridgeTopic.CALL_EVENTS;
            case "CallRecord" -> BridgeTopic.CDR;
            default -> BridgeTopic.SYSTEM;
        };
    }
}
