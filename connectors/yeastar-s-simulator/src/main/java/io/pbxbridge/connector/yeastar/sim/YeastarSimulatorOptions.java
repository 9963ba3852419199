package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a simulated Yeastar S-Series PBX is configured with. Defaults are the documented
 * production values (30 min token, 5 failures lock the IP for 10 min, 10 s inbound answering window);
 * tests shrink the durations or pass a {@link MutableClock}.
 */
public final class YeastarSimulatorOptions {
    private final String host;
    private final int port;
    private final YeastarApiVersion apiVersion;
    private final String username;
    private final Secret password;
    private final String serialNumber;
    private final String modelName;
    private final String firmwareVersion;
    private final Duration tokenTtl;
    private final int lockThreshold;
    private final Duration lockDuration;
    private final int extensionCount;
    private final int firstExtension;
    private final List<TrunkSpec> trunks;
    private final List<String> ivrs;
    private final List<String> queues;
    private final List<String> ringGroups;
    private final List<String> prompts;
    private final Duration inboundControlWindow;
    private final Duration reportRetryInterval;
    private final int maxReportAttempts;
    private final int maxQueuedReports;
    private final Duration callStepDelay;
    private final Duration talkTime;
    private final Duration apiCallMaxDuration;
    private final int maxRecordedRequests;
    private final long randomSeed;
    private final Clock clock;

    private YeastarSimulatorOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.apiVersion = b.apiVersion;
        this.username = b.username;
        this.password = b.password;
        this.serialNumber = b.serialNumber;
        this.modelName = b.modelName;
        this.firmwareVersion = b.firmwareVersion;
        this.tokenTtl = b.tokenTtl;
        this.lockThreshold = b.lockThreshold;
        this.lockDuration = b.lockDuration;
        this.extensionCount = b.extensionCount;
        this.firstExtension = b.firstExtension;
        this.trunks = List.copyOf(b.trunks);
        this.ivrs = List.copyOf(b.ivrs);
        this.queues = List.copyOf(b.queues);
        this.ringGroups = List.copyOf(b.ringGroups);
        this.prompts = List.copyOf(b.prompts);
        this.inboundControlWindow = b.inboundControlWindow;
        this.reportRetryInterval = b.reportRetryInterval;
        this.maxReportAttempts = b.maxReportAttempts;
        this.maxQueuedReports = b.maxQueuedReports;
        this.callStepDelay = b.callStepDelay;
        this.talkTime = b.talkTime;
        this.apiCallMaxDuration = b.apiCallMaxDuration;
        this.maxRecordedRequests = b.maxRecordedRequests;
        this.randomSeed = b.randomSeed;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static YeastarSimulatorOptions defaults() {
        return builder().build();
    }

    public String host() { return host; }
    public int port() { return port; }
    public YeastarApiVersion apiVersion() { return apiVersion; }
    public String username() { return username; }
    public Secret password() { return password; }
    public String serialNumber() { return serialNumber; }
    public String modelName() { return modelName; }
    public String firmwareVersion() { return firmwareVersion; }
    public Duration tokenTtl() { return tokenTtl; }
    public int lockThreshold() { return lockThreshold; }
    public Duration lockDuration() { return lockDuration; }
    public int extensionCount() { return extensionCount; }
    public int firstExtension() { return firstExtension; }
    public List<TrunkSpec> trunks() { return trunks; }
    public List<String> ivrs() { return ivrs; }
    public List<String> queues() { return queues; }
    public List<String> ringGroups() { return ringGroups; }
    public List<String> prompts() { return prompts; }
    public Duration inboundControlWindow() { return inboundControlWindow; }
    public Duration reportRetryInterval() { return reportRetryInterval; }
    public int maxReportAttempts() { return maxReportAttempts; }
    public int maxQueuedReports() { return maxQueuedReports; }
    public Duration callStepDelay() { return callStepDelay; }
    public Duration talkTime() { return talkTime; }
    public Duration apiCallMaxDuration() { return apiCallMaxDuration; }
    public int maxRecordedRequests() { return maxRecordedRequests; }
    public long randomSeed() { return randomSeed; }
    public Clock clock() { return clock; }

    @Override
    public String toString() {
        return "YeastarSimulatorOptions{host=" + host + ", port=" + port + ", apiVersion=" + apiVersion.wire()
                + ", username=" + username + ", password=" + password + ", sn=" + serialNumber
                + ", extensions=" + firstExtension + "+" + extensionCount + ", trunks=" + trunks + "}";
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private YeastarApiVersion apiVersion = YeastarApiVersion.V1_1_0;
        private String username = "api";
        private Secret password = Secret.of("Password123");
        private String serialNumber = "369351034049";
        private String modelName = "S50";
        private String firmwareVersion = "30.10.0.5";
        private Duration tokenTtl = Duration.ofMinutes(30);
        private int lockThreshold = 5;
        private Duration lockDuration = Duration.ofMinutes(10);
        private int extensionCount = 10;
        private int firstExtension = 1000;
        private List<TrunkSpec> trunks = new ArrayList<>(List.of(
                TrunkSpec.sip("SIP-142"), TrunkSpec.gsm("GSM-trunk")));
        private List<String> ivrs = List.of("6500");
        private List<String> queues = List.of("6700");
        private List<String> ringGroups = List.of("6200");
        private List<String> prompts = List.of("welcome", "hello111", "appletest", "music1", "music2");
        private Duration inboundControlWindow = Duration.ofSeconds(10);
        private Duration reportRetryInterval = Duration.ofSeconds(2);
        private int maxReportAttempts = Integer.MAX_VALUE;
        private int maxQueuedReports = 100_000;
        private Duration callStepDelay = Duration.ofMillis(500);
        private Duration talkTime = Duration.ofSeconds(5);
        private Duration apiCallMaxDuration = Duration.ofMinutes(2);
        private int maxRecordedRequests = 10_000;
        private long randomSeed = 42L;
        private Clock clock = Clock.systemDefaultZone();

        public Builder host(String v) { this.host = Objects.requireNonNull(v); return this; }
        public Builder port(int v) { this.port = v; return this; }
        public Builder apiVersion(YeastarApiVersion v) { this.apiVersion = Objects.requireNonNull(v); return this; }
        public Builder username(String v) { this.username = Objects.requireNonNull(v); return this; }
        /** The API password in clear (the PBX web setting); clients send its MD5. */
        public Builder password(Secret v) { this.password = Objects.requireNonNull(v); return this; }
        public Builder password(String v) { return password(Secret.of(v)); }
        public Builder serialNumber(String v) { this.serialNumber = Objects.requireNonNull(v); return this; }
        public Builder modelName(String v) { this.modelName = Objects.requireNonNull(v); return this; }
        public Builder firmwareVersion(String v) { this.firmwareVersion = Objects.requireNonNull(v); return this; }
        public Builder tokenTtl(Duration v) { this.tokenTtl = positive(v); return this; }
        public Builder lockThreshold(int v) { this.lockThreshold = Math.max(1, v); return this; }
        public Builder lockDuration(Duration v) { this.lockDuration = positive(v); return this; }
        public Builder extensions(int count, int first) { this.extensionCount = Math.max(1, count); this.firstExtension = first; return this; }
        public Builder trunks(List<TrunkSpec> v) { this.trunks = new ArrayList<>(v); return this; }
        public Builder ivrs(List<String> v) { this.ivrs = List.copyOf(v); return this; }
        public Builder queues(List<String> v) { this.queues = List.copyOf(v); return this; }
        public Builder ringGroups(List<String> v) { this.ringGroups = List.copyOf(v); return this; }
        public Builder prompts(List<String> v) { this.prompts = List.copyOf(v); return this; }
        public Builder inboundControlWindow(Duration v) { this.inboundControlWindow = positive(v); return this; }
        public Builder reportRetryInterval(Duration v) { this.reportRetryInterval = positive(v); return this; }
        public Builder maxReportAttempts(int v) { this.maxReportAttempts = Math.max(1, v); return this; }
        public Builder maxQueuedReports(int v) { this.maxQueuedReports = Math.max(1, v); return this; }
        /** Delay between two steps of a call flow (ringing → answered → ...). */
        public Builder callStepDelay(Duration v) { this.callStepDelay = nonNegative(v); return this; }
        /** How long generated scenario calls talk before hanging up. */
        public Builder talkTime(Duration v) { this.talkTime = nonNegative(v); return this; }
        /** API-dialled calls stay up until hung up through the API or this long. */
        public Builder apiCallMaxDuration(Duration v) { this.apiCallMaxDuration = positive(v); return this; }
        public Builder maxRecordedRequests(int v) { this.maxRecordedRequests = Math.max(1, v); return this; }
        public Builder randomSeed(long v) { this.randomSeed = v; return this; }
        public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }

        public YeastarSimulatorOptions build() {
            if (trunks.isEmpty()) {
                throw new IllegalArgumentException("at least one trunk is required");
            }
            return new YeastarSimulatorOptions(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }

        private static Duration nonNegative(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative: " + d);
            }
            return d;
        }
    }
}
