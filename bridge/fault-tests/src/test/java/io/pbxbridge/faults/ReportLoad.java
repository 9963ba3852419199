package io.pbxbridge.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A PBX's report traffic as seen by the ingress: {@code workers} connections each POSTing Yeastar API 1.1.0
 * {@code NewCdr} reports (a call id no other report uses) to whichever bridge ingress is up, one after the
 * other, and recording every call id answered 200 — the reports the bridge promised are on Kafka. Refusals
 * (503) and connection errors are counted, not retried: a real PBX would re-send them, here they simply do
 * not count as acknowledged.
 */
final class ReportLoad implements AutoCloseable {
    private static final String TEMPLATE = "{\"action\":\"NewCdr\",\"callid\":\"%s\",\"timestart\":\"2017-09-14 09:30:15\","
            + "\"callfrom\":\"1000\",\"callto\":\"91000\",\"desttrunkname\":\"sip-trunk\",\"callduraction\":\"29\","
            + "\"talkduraction\":\"29\",\"status\":\"ANSWERED\",\"type\":\"Outbound\",\"pincode\":\"1000\","
            + "\"recording\":\"\",\"sn\":\"3631A0000000\"}";

    private final String pbxId;
    private final Supplier<List<Integer>> ingressPorts;
    private final String run = Long.toString(System.currentTimeMillis());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> workers = new ArrayList<>();

    /** @param ingressPorts the ingress ports of the bridges up now (asked before each report) */
    ReportLoad(String pbxId, Supplier<List<Integer>> ingressPorts, int workers) {
        this.pbxId = pbxId;
        this.ingressPorts = ingressPorts;
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread t = new Thread(() -> work(worker), "report-load-" + w);
            t.setDaemon(true);
            this.workers.add(t);
        }
        this.workers.forEach(Thread::start);
    }

    private void work(int worker) {
        long n = 0;
        while (running.get()) {
            List<Integer> ports = ingressPorts.get();
            if (ports.isEmpty()) {
                Faults.sleep(Duration.ofMillis(50));
                continue;
            }
            int port = ports.get((int) (n % ports.size()));
            String callId = run + "." + worker + "." + (n++);
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/report/" + pbxId + "/"
                            + SimulatedPbxes.reportSecret(pbxId)))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TEMPLATE.formatted(callId))).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    acknowledged.add(callId);
                } else {
                    refused.incrementAndGet();
                    Faults.sleep(Duration.ofMillis(20));
                }
            } catch (IOException e) {
                failed.incrementAndGet();
                Faults.sleep(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    long refused() {
        return refused.get();
    }

    long failed() {
        return failed.get();
    }

    /** Stops sending and waits for the reports in flight to be answered. */
    @Override
    public void close() {
        running.set(false);
        for (Thread t : workers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return acknowledged.size() + " acknowledged, " + refused.get() + " refused, " + failed.get() + " failed";
    }
}
