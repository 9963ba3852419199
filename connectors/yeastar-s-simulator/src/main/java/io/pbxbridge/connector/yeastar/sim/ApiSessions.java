package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarErrno;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Tokens and the report target they registered. A token lives {@code ttl} after its last interaction
 * (a request, or a report delivered to its target). Expired tokens are kept as tombstones so the
 * PBX can answer 20006 rather than 20004; a reboot forgets everything (20004). Event-loop confined.
 */
final class ApiSessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    static final class Session {
        final String token;
        ReportTarget target;
        Instant lastSeen;
        boolean expired;
        final long registeredSeq;

        Session(String token, ReportTarget target, Instant lastSeen, long seq) {
            this.token = token;
            this.target = target;
            this.lastSeen = lastSeen;
            this.registeredSeq = seq;
        }
    }

    /** Told when a token is issued, used and logged out (the fleet's check for two clients at once). */
    interface Observer {
        void opened(Session s);

        void used(Session s);

        void closed(Session s);

        Observer NONE = new Observer() {
            @Override
            public void opened(Session s) {
            }

            @Override
            public void used(Session s) {
            }

            @Override
            public void closed(Session s) {
            }
        };
    }

    private final Clock clock;
    private final Duration ttl;
    private Observer observer = Observer.NONE;
    private final Map<String, Session> sessions = new HashMap<>();
    private long seq;
    private ReportTarget lastTarget;

    ApiSessions(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    void observer(Observer o) {
        observer = o == null ? Observer.NONE : o;
    }

    Session open(ReportTarget target) {
        // Long-dead tombstones are erased (as the PBX erases lapsed tokens) so the map stays bounded.
        Instant horizon = clock.instant().minus(ttl.multipliedBy(4));
        sessions.values().removeIf(s -> s.lastSeen.isBefore(horizon));
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        Session s = new Session(HexFormat.of().formatHex(b), target, clock.instant(), ++seq);
        sessions.put(s.token, s);
        lastTarget = target;
        observer.opened(s);
        return s;
    }

    /** Validates and extends a token; throws the documented errno otherwise. */
    Session touch(String token) {
        if (token == null || token.isBlank()) {
            throw SimApiException.of(YeastarErrno.TOKEN_BLANK);
        }
        Session s = sessions.get(token);
        if (s == null) {
            throw SimApiException.of(YeastarErrno.NO_SUCH_TOKEN);
        }
        Instant now = clock.instant();
        if (s.expired || !now.isBefore(s.lastSeen.plus(ttl))) {
            s.expired = true;
            throw SimApiException.of(YeastarErrno.TOKEN_TIMED_OUT);
        }
        s.lastSeen = now;
        observer.used(s);
        return s;
    }

    void retarget(Session s, ReportTarget target) {
        s.target = target;
        lastTarget = target;
    }

    void logout(Session s) {
        sessions.remove(s.token);
        observer.closed(s);
    }

    /** The live session whose target reports go to: the most recently registered one. */
    Session reportSession() {
        Instant now = clock.instant();
        Session best = null;
        for (Session s : sessions.values()) {
            if (!s.expired && now.isBefore(s.lastSeen.plus(ttl)) && s.target != null
                    && (best == null || s.registeredSeq > best.registeredSeq)) {
                best = s;
            }
        }
        return best;
    }

    /** A delivered report is an interaction: it keeps the token alive (GH-EN interaction_method). */
    void reportDelivered(String token) {
        Session s = sessions.get(token);
        if (s != null && !s.expired) {
            s.lastSeen = clock.instant();
        }
    }

    void expireAll() {
        sessions.values().forEach(s -> s.expired = true);
    }

    void forgetAll() {
        sessions.clear();
    }

    ReportTarget lastTarget() {
        return lastTarget;
    }

    int liveCount() {
        Instant now = clock.instant();
        return (int) sessions.values().stream().filter(s -> !s.expired && now.isBefore(s.lastSeen.plus(ttl))).count();
    }
}
