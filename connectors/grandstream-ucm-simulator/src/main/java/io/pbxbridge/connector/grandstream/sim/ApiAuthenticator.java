package io.pbxbridge.connector.grandstream.sim;

import io.pbxbridge.connector.spi.Secret;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Challenge/login/cookie of the HTTPS API (seed 004 "Challenge", "Login", "Login Restrictions").
 *
 * <ul>
 *   <li>A challenge is a 16-digit string, single-use, bound to the user and client IP that asked for it;
 *       a newer challenge replaces an older one.</li>
 *   <li>A failed login answers -37 with {@code remain_num}; when no attempts remain the IP+user pair is
 *       banned and both challenge and login answer -68 with {@code remain_time} (seconds).</li>
 *   <li>Unknown user: -71. API disabled / IP not permitted: -70.</li>
 *   <li>Cookies expire a fixed time after login (absolute, not sliding); a missing, unknown or expired
 *       cookie answers -6 ("If no cookie is included, error code -6 will be returned").</li>
 * </ul>
 */
final class ApiAuthenticator {
    /** One logged-in API session. {@code pushUrl} is the login {@code url}, or null. */
    record ApiSession(String cookie, String user, String clientIp, long expiresAtMillis, String pushUrl) {
    }

    private record Challenge(String value, String clientIp) {
    }

    private static final class Attempts {
        int failures;
        long bannedUntil;
    }

    private final String user;
    private final Secret password;
    private final int maxFailures;
    private final long banMillis;
    private final long cookieTtlMillis;
    private final boolean forbidden;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Challenge> challenges = new HashMap<>();
    private final Map<String, Attempts> attempts = new HashMap<>();
    private final Map<String, ApiSession> sessions = new ConcurrentHashMap<>();
    private long accepted;
    private long refused;
    private long bans;

    ApiAuthenticator(String user, Secret password, UcmSimulatorOptions o, LongSupplier clock) {
        this.user = user;
        this.password = password;
        this.maxFailures = o.maxFailedLogins();
        this.banMillis = o.loginBanDuration().toMillis();
        this.cookieTtlMillis = o.cookieTtl().toMillis();
        this.forbidden = o.loginForbidden();
        this.clock = clock;
    }

    synchronized String challenge(String requestedUser, String clientIp) {
        refuseIfForbiddenOrBanned(requestedUser, clientIp);
        if (!user.equals(requestedUser)) {
            throw new UcmApiException(UcmStatus.NO_SUCH_USER, "unknown user");
        }
        String value = String.format("%016d", Math.floorMod(random.nextLong(), 10_000_000_000_000_000L));
        challenges.put(requestedUser, new Challenge(value, clientIp));
        return value;
    }

    synchronized ApiSession login(String requestedUser, String token, String clientIp, String pushUrl) {
        refuseIfForbiddenOrBanned(requestedUser, clientIp);
        if (!user.equals(requestedUser)) {
            throw new UcmApiException(UcmStatus.NO_SUCH_USER, "unknown user");
        }
        Challenge c = challenges.remove(requestedUser);
        boolean ok = c != null && c.clientIp().equals(clientIp) && token != null
                && Secret.of(Md5.token(c.value(), password.reveal())).matches(token.toLowerCase(java.util.Locale.ROOT));
        String key = clientIp + "|" + requestedUser;
        if (!ok) {
            refused++;
            Attempts a = attempts.computeIfAbsent(key, k -> new Attempts());
            a.failures++;
            if (a.failures >= maxFailures) {
                bans++;
                a.failures = 0;
                a.bannedUntil = clock.getAsLong() + banMillis;
                throw new UcmApiException(UcmStatus.LOGIN_RESTRICTION, "too many failed logins",
                        new JsonObject().put("remain_time", seconds(banMillis)));
            }
            throw new UcmApiException(UcmStatus.WRONG_ACCOUNT_OR_PASSWORD, "wrong token",
                    new JsonObject().put("remain_num", maxFailures - a.failures));
        }
        attempts.remove(key);
        accepted++;
        long now = clock.getAsLong();
        String cookie = "sid" + (1 + random.nextInt(Integer.MAX_VALUE - 1)) + "-" + (now / 1000);
        ApiSession s = new ApiSession(cookie, requestedUser, clientIp, now + cookieTtlMillis, pushUrl);
        sessions.put(cookie, s);
        return s;
    }

    /** The live session for {@code cookie}; -6 when missing, unknown or expired. */
    ApiSession session(String cookie) {
        if (cookie == null || cookie.isEmpty()) {
            throw new UcmApiException(UcmStatus.COOKIE_ERROR, "no cookie");
        }
        ApiSession s = sessions.get(cookie);
        if (s == null) {
            throw new UcmApiException(UcmStatus.COOKIE_ERROR, "unknown cookie");
        }
        if (clock.getAsLong() >= s.expiresAtMillis()) {
            sessions.remove(cookie);
            throw new UcmApiException(UcmStatus.COOKIE_ERROR, "cookie expired");
        }
        return s;
    }

    /** Logins accepted, refused (wrong token) and bans started, since start. */
    synchronized long[] loginCounts() {
        return new long[] {accepted, refused, bans};
    }

    boolean isLive(String cookie) {
        ApiSession s = sessions.get(cookie);
        return s != null && clock.getAsLong() < s.expiresAtMillis();
    }

    void logout(String cookie) {
        sessions.remove(cookie);
    }

    void invalidateAll() {
        sessions.clear();
    }

    /** Sessions alive now (expired ones are dropped as a side effect). */
    java.util.List<ApiSession> liveSessions() {
        long now = clock.getAsLong();
        sessions.values().removeIf(s -> now >= s.expiresAtMillis());
        return java.util.List.copyOf(sessions.values());
    }

    private void refuseIfForbiddenOrBanned(String requestedUser, String clientIp) {
        if (forbidden) {
            throw new UcmApiException(UcmStatus.LOGIN_FORBIDDEN, "login forbidden");
        }
        Attempts a = attempts.get(clientIp + "|" + requestedUser);
        long now = clock.getAsLong();
        if (a != null && a.bannedUntil > now) {
            throw new UcmApiException(UcmStatus.LOGIN_RESTRICTION, "banned",
                    new JsonObject().put("remain_time", seconds(a.bannedUntil - now)));
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
