package io.pbxbridge.bridge.status;

import io.pbxbridge.bridge.tail.EventLines;
import io.pbxbridge.schema.CallEvent;
import io.pbxbridge.schema.CallEventType;
import io.pbxbridge.schema.CallRecord;
import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.EventHeader;
import io.pbxbridge.schema.IngressChannel;
import io.pbxbridge.schema.Party;
import io.pbxbridge.schema.PartyKind;
import io.pbxbridge.schema.PartyRole;
import io.pbxbridge.schema.Vendor;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import io.pbxbridge.schema.topic.BridgeTopic;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What the status page costs per record its tail reads, next to what reading the record costs anyway
 * (Avro decoding, which the bridge's ReportFollower already pays for the same topics) and next to
 * formatting the readable line alone. Also the heap the feed retains after a million records.
 * Not part of the test run (tag "load"):
 * <pre>
 * ./mvnw -B -pl bridge -am verify -Dgroups=load -Dtest.excludedGroups=none -Dtest=StatusFeedBench \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * cat bridge/target/status-feed-bench.txt
 * </pre>
 */
@Tag("load")
class StatusFeedBench {
    private static final int RECORDS = 200_000;
    private static final int ROUNDS = 7;
    private static final List<String> PBXES = IntStream.range(0, 20).mapToObj(i -> "pbx-" + i).toList();

    @Test
    void costPerRecordAndRetainedHeap() throws Exception {
        io.pbxbridge.schema.codec.TrustedContractClasses.install();
        SingleObjectCodec codec = new SingleObjectCodec();
        List<SpecificRecord> records = new ArrayList<>(RECORDS);
        List<byte[]> encoded = new ArrayList<>(RECORDS);
        List<Class<? extends SpecificRecord>> types = new ArrayList<>(RECORDS);
        List<String> keys = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            SpecificRecord r = i % 4 == 3 ? cdr(i) : callEvent(i);
            records.add(r);
            encoded.add(codec.encode(topic(r), r));
            types.add(r.getClass());
            keys.add(key(r));
        }
        Set<String> owned = Set.copyOf(PBXES.subList(0, 10)); // half the fleet owned here, as with two instances
        StatusFeed feed = new StatusFeed(owned::contains, line -> { }, Clock.systemUTC());

        double[] decode = new double[ROUNDS];
        double[] format = new double[ROUNDS];
        double[] accept = new double[ROUNDS];
        long sink = 0;
        for (int round = 0; round < ROUNDS + 2; round++) { // two warm-up rounds
            long t0 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                sink += codec.decode(topic(records.get(i)), encoded.get(i), types.get(i)).hashCode();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                sink += EventLines.format(records.get(i)).length();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < RECORDS; i++) {
                SpecificRecord r = records.get(i);
                if (feed.wantsKey(keys.get(i))) { // what TopicTail does before decoding
                    feed.accept(codec.decode(topic(r), encoded.get(i), types.get(i)));
                }
            }
            long t3 = System.nanoTime();
            if (round >= 2) {
                decode[round - 2] = (t1 - t0) / (double) RECORDS;
                format[round - 2] = (t2 - t1) / (double) RECORDS;
                accept[round - 2] = (t3 - t2) / (double) RECORDS;
            }
        }

        long before = usedHeapAfterGc();
        StatusFeed fresh = new StatusFeed(owned::contains, line -> { }, Clock.systemUTC());
        for (int pass = 0; pass < 5; pass++) {
            for (SpecificRecord r : records) {
                fresh.accept(r);
            }
        }
        long after = usedHeapAfterGc();
        java.lang.ref.Reference.reachabilityFence(fresh);
        java.lang.ref.Reference.reachabilityFence(feed);
        java.lang.ref.Reference.reachabilityFence(encoded);
        java.lang.ref.Reference.reachabilityFence(keys);
        java.lang.ref.Reference.reachabilityFence(records);
        java.lang.ref.Reference.reachabilityFence(types);

        String report = String.format("""
                Status page cost per record on the followed topics (%d records, 20 PBXes, 10 owned here; median of %d rounds)
                  reference: Avro decode of every record (what ReportFollower pays)   %8.0f ns/record
                  reference: EventLines.format alone                                  %8.0f ns/record
                  status page: key filter, then decode + StatusFeed.accept if owned   %8.0f ns/record   (%.2f x the reference)
                heap used after GC: %d KiB before a fresh feed, %d KiB after %d records through it (%+d KiB; bounds: %d live lines, %d dead letters, %d failed commands)
                (checksum %d)
                """, RECORDS, ROUNDS, median(decode), median(format), median(accept), median(accept) / median(decode),
                before / 1024, after / 1024, 5 * RECORDS, (after - before) / 1024, StatusFeed.LIVE_LINES,
                StatusFeed.RECENT_PROBLEMS, StatusFeed.RECENT_PROBLEMS, sink);
        System.out.print(report);
        Files.writeString(Path.of("target", "status-feed-bench.txt"), report);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String topic(SpecificRecord r) {
        return (r instanceof CallRecord ? BridgeTopic.CDR : BridgeTopic.CALL_EVENTS).nameWith("pbx.");
    }

    private static String key(SpecificRecord r) {
        EventHeader h = r instanceof CallRecord c ? c.getHeader() : ((CallEvent) r).getHeader();
        return h.getPbxId() + "/" + (r instanceof CallRecord c ? c.getCallId() : ((CallEvent) r).getCallId());
    }

    private static EventHeader header(int i) {
        return EventHeader.newBuilder().setEventId("e-" + i).setPbxId(PBXES.get(i % PBXES.size()))
                .setVendor(Vendor.YEASTAR_S).setOccurredAt(Instant.now()).setReceivedAt(Instant.now())
                .setReportFormat("yeastar-1.1.0").setIngress(IngressChannel.HTTP_REPORT)
                .setRawPayload("{\"action\":\"RING\",\"callid\":\"" + i + "\",\"ext\":{\"extid\":\"1001\"}}")
                .setBridgeVersion("bench").build();
    }

    private static CallEvent callEvent(int i) {
        return CallEvent.newBuilder().setHeader(header(i)).setCallId("1646630136." + i)
                .setType(CallEventType.RINGING).setTypeRaw("RING")
                .setParties(List.of(
                        Party.newBuilder().setRole(PartyRole.CALLER).setKind(PartyKind.EXTENSION).setNumber("1001").build(),
                        Party.newBuilder().setRole(PartyRole.CALLEE).setKind(PartyKind.EXTERNAL).setNumber("0123456789")
                                .setTrunk("SIP-Trunk1").build()))
                .build();
    }

    private static CallRecord cdr(int i) {
        return CallRecord.newBuilder().setHeader(header(i)).setCallId("1646630136." + i).setCaller("1001")
                .setCallee("0123456789").setCallSeconds(75).setTalkSeconds(61).setDirection(CallDirection.OUTBOUND)
                .setDirectionRaw("Outbound").setDisposition(CallDisposition.ANSWERED).setDispositionRaw("ANSWERED")
                .build();
    }
}
