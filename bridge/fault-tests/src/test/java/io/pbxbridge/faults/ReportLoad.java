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
 * other, and recording every call id answered 200 — the reports the bridge promised are on Kafka. By default
 * refusals (503) and connection errors are counted, not retried: they simply do not count as acknowledged.
 * {@link #resending} behaves like a PBX instead: a report not answered 200 is sent again (the same body) until it
 * is, and every attempt is recorded ({@link #attempts}) with its answer and how long it took.
 */
final class ReportLoad implements AutoCloseable {
    private static final String TEMPLATE = "{\"action\":\"NewCdr\",\"callid\":\"%s\",\"timestart\":\"2017-09-14 09:30:15\","
            + "\"callfrom\":\"1000\",\"callto\":\"91000\",\"desttrunkname\":\"sip-trunk\",\"callduraction\":\"29\","
            + "\"talkduraction\":\"29\",\"status\":\"ANSWERED\",\"type\":\"Outbound\",\"pincode\":\"1000\","
            + "\"recording\":\"\",\"sn\":\"3631A0000000\"}";
    /** Attempts remembered (a few MB); past it the load still runs, the later attempts are only counted. */
    private static final int MAX_ATTEMPTS = 200_000;
    /** How long {@link #close} lets a re-sending worker keep trying to get its last report answered 200. */
    private static final Duration LAST_REPORT_BUDGET = Duration.ofSeconds(30);

    /**
     * One POST and its answer. Times are {@link System#nanoTime}. {@code status} 0: no HTTP answer (connection
     * refused or reset, timeout).
     */
    record Attempt(String callId, long sentNanos, long answeredNanos, int status, boolean retryAfter) {
        Duration took() {
            return Duration.ofNanos(answeredNanos - sentNanos);
        }
    }

    private final String pbxId;
    private final Supplier<List<Integer>> ingressPorts;
    private final Duration resendAfter;
    private final String run = Long.toString(System.currentTimeMillis());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final List<Attempt> attempts = new ArrayList<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile long stopBy = Long.MAX_VALUE;
    private final List<Thread> workers = new ArrayList<>();

    /** @param ingressPorts the ingress ports of the bridges up now (asked before each report) */
    ReportLoad(String pbxId, Supplier<List<Integer>> ingressPorts, int workers) {
        this(pbxId, ingressPorts, workers, null);
    }

    /** Like a PBX: each report not answered 200 is sent again, {@code resendAfter} later, until it is. */
    static ReportLoad resending(String pbxId, Supplier<List<Integer>> ingressPorts, int workers, Duration resendAfter) {
        return new ReportLoad(pbxId, ingressPorts, workers, resendAfter);
    }

    private ReportLoad(String pbxId, Supplier<List<Integer>> ingressPorts, int workers, Duration resendAfter) {
        this.pbxId = pbxId;
        this.ingressPorts = ingressPorts;
        this.resendAfter = resendAfter;
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
        String callId = null;
        while (running.get() || (callId != null && System.nanoTime() < stopBy)) {
            List<Integer> ports = ingressPorts.get();
            if (ports.isEmpty()) {
                Faults.sleep(Duration.ofMillis(50));
                continue;
            }
            int port = ports.get((int) (n % ports.size()));
            if (callId == null) {
                callId = run + "." + worker + "." + (n++);
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/report/" + pbxId + "/"
                            + SimulatedPbxes.reportSecret(pbxId)))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TEMPLATE.formatted(callId))).build();
            long sent = System.nanoTime();
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                record(new Attempt(callId, sent, System.nanoTime(), status,
                        response.headers().firstValue("Retry-After").isPresent()));
                if (status == 200) {
                    acknowledged.add(callId);
                    callId = null;
                } else {
                    refused.incrementAndGet();
                    callId = next(callId);
                    Faults.sleep(resendAfter == null ? Duration.ofMillis(20) : resendAfter);
                }
            } catch (IOException e) {
                record(new Attempt(callId, sent, System.nanoTime(), 0, false));
                failed.incrementAndGet();
                callId = next(callId);
                Faults.sleep(resendAfter == null ? Duration.ofMillis(50) : resendAfter);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (callId != null) {
            abandoned.incrementAndGet();
        }
    }

    /** The call id to send next after a refusal: the same one when re-sending, else a new one. */
    private String next(String refusedCallId) {
        return resendAfter == null ? null : refusedCallId;
    }

    private void record(Attempt attempt) {
        synchronized (attempts) {
            if (attempts.size() < MAX_ATTEMPTS) {
                attempts.add(attempt);
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

    /** Reports a re-sending worker still had unanswered when {@link #close} gave up on them. */
    long abandoned() {
        return abandoned.get();
    }

    /** Every attempt so far (at most {@value #MAX_ATTEMPTS}), in the order they were answered. */
    List<Attempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    /**
     * Stops sending new reports and waits for the ones in flight to be answered; a re-sending worker first gets its
     * last report answered 200 (trying for at most 30 s), as a PBX would.
     */
    @Override
    public void close() {
        stopBy = System.nanoTime() + LAST_REPORT_BUDGET.toNanos();
        running.set(false);
        for (Thread t : workers) {
            try {
                t.join(LAST_REPORT_BUDGET.plusSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return acknowledged.size() + " acknowledged, " + refused.get() + " refused, " + failed.get() + " failed"
                + (abandoned.get() > 0 ? ", " + abandoned.get() + " given up" : "");
    }
}
