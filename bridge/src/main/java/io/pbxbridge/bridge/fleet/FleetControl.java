package io.pbxbridge.bridge.fleet;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The control port of {@code simulate fleet} (served on 127.0.0.1): {@code GET /stats} the fleet's totals,
 * {@code POST /calls?per_second=R} a new call rate, {@code GET /requests?after=N&max=M} the logged requests
 * ({@link FleetRequestLog}) numbered N or later, at most M (default and cap {@value #MAX_PAGE}).
 */
public final class FleetControl implements Handler<HttpServerRequest> {
    static final int MAX_PAGE = 10_000;

    private final FleetSimulator fleet;

    public FleetControl(FleetSimulator fleet) {
        this.fleet = fleet;
    }

    @Override
    public void handle(HttpServerRequest req) {
        if ("/stats".equals(req.path())) {
            fleet.stats().onComplete(ar -> {
                if (ar.succeeded()) {
                    req.response().putHeader("Content-Type", "application/json").end(json(ar.result()).encode());
                } else {
                    req.response().setStatusCode(500).end();
                }
            });
        } else if ("/calls".equals(req.path()) && req.method() == HttpMethod.POST) {
            try {
                fleet.callRate(Double.parseDouble(String.valueOf(req.getParam("per_second"))));
                req.response().end();
            } catch (IllegalArgumentException e) {
                req.response().setStatusCode(400).end("per_second must be a number of calls per second, 0 or more\n");
            }
        } else if ("/requests".equals(req.path()) && req.method() == HttpMethod.GET) {
            long after;
            int max;
            try {
                after = Long.parseLong(req.getParam("after", "0"));
                max = Math.min(MAX_PAGE, Integer.parseInt(req.getParam("max", String.valueOf(MAX_PAGE))));
            } catch (NumberFormatException e) {
                req.response().setStatusCode(400).end("after and max must be whole numbers\n");
                return;
            }
            req.response().putHeader("Content-Type", "application/json")
                    .end(json(fleet.requestLog().since(after, Math.max(0, max))).encode());
        } else {
            req.response().setStatusCode(404).end();
        }
    }

    /** A page of the request log as {@code GET /requests} answers it. */
    public static JsonObject json(FleetRequestLog.Page page) {
        JsonArray entries = new JsonArray();
        for (FleetRequestLog.Entry e : page.entries()) {
            entries.add(new JsonObject().put("seq", e.seq()).put("pbx", e.pbxId())
                    .put("received_at_us", e.receivedAtMicros()).put("path", e.path()).put("body", e.body()));
        }
        return new JsonObject().put("next", page.next()).put("missed", page.missed()).put("requests", entries);
    }

    static JsonObject json(FleetStats s) {
        return new JsonObject().put("pbxes", s.pbxes()).put("logged_in", s.loggedIn()).put("logins", s.logins())
                .put("refused_logins", s.refusedLogins()).put("lock_outs", s.lockOuts()).put("overlaps", s.overlaps())
                .put("max_overlap_ms", s.maxOverlapMillis()).put("calls_placed", s.callsPlaced())
                .put("reboots", s.reboots())
                .put("pushes_ok", s.pushes().ok()).put("pushes_503", s.pushes().unavailable())
                .put("pushes_other_status", s.pushes().otherStatus()).put("pushes_unanswered", s.pushes().unanswered())
                .put("push_ok_p50_ms", s.pushes().okP50Millis()).put("push_ok_p99_ms", s.pushes().okP99Millis())
                .put("push_ok_max_ms", s.pushes().okMaxMillis());
    }
}
