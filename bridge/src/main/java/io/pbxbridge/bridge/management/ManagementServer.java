package io.pbxbridge.bridge.management;

import io.pbxbridge.bridge.config.ManagementConfig;
import io.pbxbridge.bridge.tls.ReloadingServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The management HTTP server, on its own port so probes and scrapes keep working when the report
 * ingress is saturated: {@code /health/live}, {@code /health/ready}, {@code /metrics}, and the pages
 * added with {@link #addPage} (the status page), which sit behind the optional credentials. Plain
 * HTTP, or HTTPS with a PEM certificate reloaded when its files change ({@code management.tls}).
 */
public final class ManagementServer {
    private static final Logger log = LoggerFactory.getLogger(ManagementServer.class);
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final ManagementConfig config;
    private final BridgeMetrics metrics;
    private final ReadinessChecks readiness;
    private WorkerExecutor scrapeExecutor;
    private HttpServer server;
    private final List<Consumer<Router>> pages = new CopyOnWriteArrayList<>();
    private ReloadingServerTls tls;

    public ManagementServer(Vertx vertx, ManagementConfig config, BridgeMetrics metrics, ReadinessChecks readiness) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.readiness = readiness;
    }

    /** Adds routes behind the management credentials (when configured); call before {@link #start()}. */
    public void addPage(Consumer<Router> routes) {
        pages.add(routes);
    }

    /** Starts listening; the Future carries the bound port (useful when the configured port is 0). */
    public Future<Integer> start() {
        // Scraping walks every meter and reads JMX; keep it off the event loop, one at a time.
        scrapeExecutor = vertx.createSharedWorkerExecutor("pbx-management-scrape", 1);
        Router router = Router.router(vertx);
        router.get("/health/live").handler(this::live);
        router.get("/health/ready").handler(this::ready);
        ManagementAuth auth = new ManagementAuth(config);
        if (config.protectMetrics()) {
            router.get("/metrics").handler(auth);
        }
        router.get("/metrics").handler(this::metrics);
        router.route().handler(auth); // everything below (the status page) asks for the credentials
        pages.forEach(p -> p.accept(router));
        Future<ReloadingServerTls> tlsLoaded = config.tls() == null ? Future.succeededFuture()
                : ReloadingServerTls.load(vertx, config.tls(), "management.tls");
        return tlsLoaded.compose(loaded -> {
            tls = loaded;
            HttpServerOptions options = tls == null ? new HttpServerOptions() : tls.applyTo(new HttpServerOptions());
            return vertx.createHttpServer(options).requestHandler(router).listen(config.port(), config.host());
        }).map(s -> {
            server = s;
            if (tls != null) {
                tls.watch(s);
            }
            log.info("Management server listening on {}://{}:{}", tls == null ? "http" : "https", config.host(),
                    s.actualPort());
            return s.actualPort();
        });
    }

    public int actualPort() {
        if (server == null) {
            throw new IllegalStateException("management server not started");
        }
        return server.actualPort();
    }

    /** Stops accepting connections and releases the scrape worker. */
    public Future<Void> stop() {
        if (tls != null) {
            tls.close();
        }
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.eventually(() -> scrapeExecutor == null ? Future.succeededFuture() : scrapeExecutor.close());
    }

    private void live(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("status", "UP"));
    }

    private void ready(RoutingContext ctx) {
        readiness.evaluate().onComplete(ar -> {
            if (ar.failed()) {
                json(ctx, 503, new JsonObject().put("status", "DOWN").put("reason", String.valueOf(ar.cause().getMessage())));
                return;
            }
            boolean allUp = true;
            JsonObject checks = new JsonObject();
            for (Map.Entry<String, CheckResult> e : ar.result().entrySet()) {
                CheckResult r = e.getValue();
                allUp &= r.up();
                JsonObject check = new JsonObject().put("status", r.up() ? "UP" : "DOWN");
                if (!r.detail().isEmpty()) {
                    check.put(r.up() ? "detail" : "reason", r.detail());
                }
                checks.put(e.getKey(), check);
            }
            json(ctx, allUp ? 200 : 503, new JsonObject().put("status", allUp ? "UP" : "DOWN").put("checks", checks));
        });
    }

    private void metrics(RoutingContext ctx) {
        scrapeExecutor.executeBlocking(metrics::scrape, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", PROMETHEUS_CONTENT_TYPE).end(ar.result());
            } else {
                log.warn("Metrics scrape failed", ar.cause());
                ctx.response().setStatusCode(500).end();
            }
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
