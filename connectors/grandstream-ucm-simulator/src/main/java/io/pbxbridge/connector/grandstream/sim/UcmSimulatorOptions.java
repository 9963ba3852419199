package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.sim.InProgressCounter;
import io.vertx.core.net.KeyCertOptions;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link UcmSimulator}. Mutable builder with fluent setters; {@link UcmSimulator#start}
 * copies it, so later changes do not affect a running simulator.
 *
 * <p>A real UCM serves {@code /api} and {@code /websockify} over HTTPS on port 8089 with a self-signed
 * certificate. The simulator speaks plain HTTP unless given key material with {@link #tls}: generating a
 * certificate at run time would need a dependency the module does not have, so the caller brings one
 * (a PKCS#12/JKS keystore or PEM files). The weak-DH quirk of old firmware is not simulated.
 */
public final class UcmSimulatorOptions {
    private String host = "127.0.0.1";
    private int port = 0;
    private UcmModel model = UcmModel.UCM6304;
    private String apiUser = "cdrapi";
    private Secret apiPassword = Secret.of("cdrapi123");
    private String webUser = "admin";
    private Secret webPassword = Secret.of("admin123");
    private Duration cookieTtl = Duration.ofMinutes(10);
    private int maxFailedLogins = 5;
    private Duration loginBanDuration = Duration.ofMinutes(5);
    private boolean loginForbidden = false;
    private int extensionCount = 10;
    private int firstExtension = 1000;
    private int trunkCount = 2;
    private double callsPerSecond = 0;
    private long randomSeed = 42L;
    private boolean callControl = false;
    private Duration callControlWindow = Duration.ofSeconds(10);
    private Duration stepDelay = Duration.ofMillis(200);
    private Duration talkTime = Duration.ofSeconds(2);
    private Duration apiCallDuration = Duration.ofSeconds(60);
    private int requestLogCapacity = 10_000;
    private Duration pushRetryDelay = Duration.ofSeconds(1);
    private int pushQueueCapacity = 10_000;
    private boolean notifyAsSingleObject = false;
    private KeyCertOptions tls;
    private InProgressCounter logins;
    private String serialNumber;

    public UcmSimulatorOptions() {
    }

    public UcmSimulatorOptions(UcmSimulatorOptions o) {
        host = o.host; port = o.port; model = o.model; apiUser = o.apiUser; apiPassword = o.apiPassword;
        webUser = o.webUser; webPassword = o.webPassword; cookieTtl = o.cookieTtl; maxFailedLogins = o.maxFailedLogins;
        loginBanDuration = o.loginBanDuration; loginForbidden = o.loginForbidden; extensionCount = o.extensionCount;
        firstExtension = o.firstExtension; trunkCount = o.trunkCount; callsPerSecond = o.callsPerSecond;
        randomSeed = o.randomSeed; callControl = o.callControl; callControlWindow = o.callControlWindow;
        stepDelay = o.stepDelay; talkTime = o.talkTime; apiCallDuration = o.apiCallDuration;
        requestLogCapacity = o.requestLogCapacity; pushRetryDelay = o.pushRetryDelay;
        pushQueueCapacity = o.pushQueueCapacity; notifyAsSingleObject = o.notifyAsSingleObject;
        tls = o.tls == null ? null : o.tls.copy();
        logins = o.logins;
        serialNumber = o.serialNumber;
    }

    public String host() { return host; }
    public UcmSimulatorOptions host(String v) { host = Objects.requireNonNull(v, "host"); return this; }

    public int port() { return port; }
    /** 0 = ephemeral port (read it back with {@link UcmSimulator#port()}). */
    public UcmSimulatorOptions port(int v) { port = requireRange("port", v, 0, 65535); return this; }

    public UcmModel model() { return model; }
    public UcmSimulatorOptions model(UcmModel v) { model = Objects.requireNonNull(v, "model"); return this; }

    public String apiUser() { return apiUser; }
    public Secret apiPassword() { return apiPassword; }
    /** The HTTPS API user (Value-added Features › API Configuration). */
    public UcmSimulatorOptions apiUser(String user, Secret password) {
        apiUser = requireText("apiUser", user);
        apiPassword = Objects.requireNonNull(password, "apiPassword");
        return this;
    }

    public String webUser() { return webUser; }
    public Secret webPassword() { return webPassword; }
    /** The web-portal user that the WebSocket accepts (the API user does not work there). */
    public UcmSimulatorOptions webUser(String user, Secret password) {
        webUser = requireText("webUser", user);
        webPassword = Objects.requireNonNull(password, "webPassword");
        return this;
    }

    public Duration cookieTtl() { return cookieTtl; }
    /** Absolute cookie lifetime from login; seed 004 documents 10 minutes, the field reports 5. */
    public UcmSimulatorOptions cookieTtl(Duration v) { cookieTtl = requirePositive("cookieTtl", v); return this; }

    public int maxFailedLogins() { return maxFailedLogins; }
    public Duration loginBanDuration() { return loginBanDuration; }
    /**
     * Login restriction: after {@code maxFailed} failed logins from one IP for one user the pair is
     * banned for {@code ban} (answers -68 with {@code remain_time}). The seed gives no numbers.
     */
    public UcmSimulatorOptions lockout(int maxFailed, Duration ban) {
        maxFailedLogins = requireRange("maxFailedLogins", maxFailed, 1, 1000);
        loginBanDuration = requirePositive("loginBanDuration", ban);
        return this;
    }

    public boolean loginForbidden() { return loginForbidden; }
    /** Simulates an API that is disabled or a client IP outside "Permitted IP(s)": login answers -70. */
    public UcmSimulatorOptions loginForbidden(boolean v) { loginForbidden = v; return this; }

    public int extensionCount() { return extensionCount; }
    public int firstExtension() { return firstExtension; }
    public UcmSimulatorOptions extensions(int count, int first) {
        extensionCount = requireRange("extensionCount", count, 2, 100_000);
        firstExtension = requireRange("firstExtension", first, 10, 999_999_999 - count);
        return this;
    }

    public int trunkCount() { return trunkCount; }
    public UcmSimulatorOptions trunkCount(int v) { trunkCount = requireRange("trunkCount", v, 1, 100); return this; }

    public double callsPerSecond() { return callsPerSecond; }
    /** Traffic started by {@link UcmSimulator#start} (0 = none; use {@link UcmSimulator#startTraffic}). */
    public UcmSimulatorOptions callsPerSecond(double v) {
        if (!(v >= 0 && v <= 1000)) {
            throw new IllegalArgumentException("callsPerSecond must be in [0, 1000], was " + v);
        }
        callsPerSecond = v;
        return this;
    }

    public long randomSeed() { return randomSeed; }
    public UcmSimulatorOptions randomSeed(long v) { randomSeed = v; return this; }

    public boolean callControl() { return callControl; }
    public Duration callControlWindow() { return callControlWindow; }
    /** "Call Control" of the API user: inbound trunk calls wait for acceptCall/refuseCall. */
    public UcmSimulatorOptions callControl(boolean v) { callControl = v; return this; }
    /** How long an inbound call waits for acceptCall/refuseCall before it is accepted (10 s on a UCM). */
    public UcmSimulatorOptions callControlWindow(Duration v) { callControlWindow = requirePositive("callControlWindow", v); return this; }

    public Duration stepDelay() { return stepDelay; }
    /** Pause between two steps of a generated call (ring, answer, ...). */
    public UcmSimulatorOptions stepDelay(Duration v) { stepDelay = requireNonNegative("stepDelay", v); return this; }

    public Duration talkTime() { return talkTime; }
    /** How long a generated call stays connected. */
    public UcmSimulatorOptions talkTime(Duration v) { talkTime = requireNonNegative("talkTime", v); return this; }

    public Duration apiCallDuration() { return apiCallDuration; }
    /** Calls started by dial actions end by themselves after this (unless hung up before). */
    public UcmSimulatorOptions apiCallDuration(Duration v) { apiCallDuration = requirePositive("apiCallDuration", v); return this; }

    public int requestLogCapacity() { return requestLogCapacity; }
    public UcmSimulatorOptions requestLogCapacity(int v) { requestLogCapacity = requireRange("requestLogCapacity", v, 1, 10_000_000); return this; }

    public Duration pushRetryDelay() { return pushRetryDelay; }
    public UcmSimulatorOptions pushRetryDelay(Duration v) { pushRetryDelay = requirePositive("pushRetryDelay", v); return this; }

    public int pushQueueCapacity() { return pushQueueCapacity; }
    public UcmSimulatorOptions pushQueueCapacity(int v) { pushQueueCapacity = requireRange("pushQueueCapacity", v, 1, 10_000_000); return this; }

    public boolean notifyAsSingleObject() { return notifyAsSingleObject; }
    /** B.3: {@code message} of a notify may be a list or a single object; true sends single objects. */
    public UcmSimulatorOptions notifyAsSingleObject(boolean v) { notifyAsSingleObject = v; return this; }

    public KeyCertOptions tls() { return tls; }
    /** Serve HTTPS/WSS with this key and certificate (null = plain HTTP). */
    public UcmSimulatorOptions tls(KeyCertOptions keyCert) { tls = keyCert; return this; }

    public InProgressCounter logins() { return logins; }
    /**
     * Where the simulator counts the {@code login} requests it is answering (null = a counter of its own).
     * Several simulators sharing one counter show a fleet's login storm as the PBXes see it together.
     */
    public UcmSimulatorOptions logins(InProgressCounter counter) { logins = counter; return this; }

    /** The serial number {@code getSystemStatus} answers; null: one derived from the random seed. */
    public String serialNumber() {
        return serialNumber != null ? serialNumber
                : "21AWMJPH70BCA" + String.format("%03d", Math.floorMod(randomSeed, 1000));
    }
    public UcmSimulatorOptions serialNumber(String v) { serialNumber = v; return this; }

    @Override
    public String toString() {
        // Passwords are Secrets: their toString never shows the value.
        return "UcmSimulatorOptions{host=" + host + ", port=" + port + ", model=" + model + ", apiUser=" + apiUser
                + ", apiPassword=" + apiPassword + ", webUser=" + webUser + ", webPassword=" + webPassword
                + ", cookieTtl=" + cookieTtl + ", extensions=" + extensionCount + "@" + firstExtension
                + ", tls=" + (tls != null) + ", trunks=" + trunkCount + ", callsPerSecond=" + callsPerSecond + ", callControl=" + callControl + "}";
    }

    private static int requireRange(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + v);
        }
        return v;
    }

    private static String requireText(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return v;
    }

    private static Duration requirePositive(String name, Duration v) {
        if (v == null || v.isZero() || v.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
        return v;
    }

    private static Duration requireNonNegative(String name, Duration v) {
        if (v == null || v.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + v);
        }
        return v;
    }
}
