package io.pbxbridge.bridge.tls;

import io.pbxbridge.bridge.config.ConfigException;
import io.pbxbridge.bridge.config.ServerTlsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.ServerSSLOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HTTPS for a bridge server from a PEM certificate and key that are rotated in place (cert-manager,
 * certbot, a mounted Kubernetes secret). The files are read and checked before the server starts
 * ({@link #load}); then every {@code reload_interval} they are read again and, when their bytes changed
 * and the new pair is valid ({@link PemKeyPair}), swapped into every watched server with
 * {@link HttpServer#updateSSLOptions}: new connections get the new certificate, open ones keep theirs.
 * A half-written rotation (a certificate without its key yet) is refused and retried at the next check;
 * the server keeps serving the previous certificate meanwhile.
 *
 * <pre>{@code
 * ReloadingServerTls.load(vertx, config.tls(), "management.tls").compose(tls ->
 *         vertx.createHttpServer(tls.applyTo(new HttpServerOptions())).requestHandler(router).listen(port, host)
 *                 .onSuccess(tls::watch));                  // and tls.close() when the server stops
 * }</pre>
 */
public final class ReloadingServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingServerTls.class);

    private final Vertx vertx;
    private final ServerTlsConfig config;
    private final String configKey;
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private volatile PemKeyPair current;
    private long timerId = -1;
    private volatile boolean closed;
    private boolean checking;
    private volatile Buffer refusedCert;
    private volatile Buffer refusedKey;

    private ReloadingServerTls(Vertx vertx, ServerTlsConfig config, String configKey, PemKeyPair first) {
        this.vertx = vertx;
        this.config = config;
        this.configKey = configKey;
        this.current = first;
    }

    /**
     * Reads and checks the files; fails with a {@link ConfigException} naming {@code configKey} when they
     * are not a usable certificate and key, so a bad file is a configuration error (exit 2).
     */
    public static Future<ReloadingServerTls> load(Vertx vertx, ServerTlsConfig config, String configKey) {
        return read(vertx, config)
                .compose(files -> vertx.executeBlocking(() -> PemKeyPair.check(vertx, files[0], files[1]), false))
                .recover(e -> Future.failedFuture(new ConfigException(configKey + ".cert_file",
                        "cannot use " + config.certFile() + " with " + config.keyFile() + ": " + e.getMessage())))
                .map(pair -> {
                    LOG.info("{}: serving HTTPS with {}", configKey, pair.describe());
                    pair.warnIfExpired(configKey);
                    return new ReloadingServerTls(vertx, config, configKey, pair);
                });
    }

    /** Turns on TLS with the current certificate. */
    public HttpServerOptions applyTo(HttpServerOptions options) {
        return options.setSsl(true).setKeyCertOptions(current.options());
    }

    /** Keeps {@code server} on the newest valid certificate from now on. */
    public synchronized void watch(HttpServer server) {
        servers.add(server);
        if (timerId < 0 && !closed) {
            timerId = vertx.setPeriodic(config.reloadInterval().toMillis(), id -> reloadIfChanged());
        }
    }

    /** The certificate the watched servers present. */
    public X509Certificate certificate() {
        return current.certificate();
    }

    /**
     * Re-reads the files; true when a new certificate was put into the watched servers. Never fails:
     * an unreadable or invalid pair is logged and the previous one kept.
     */
    public Future<Boolean> reloadIfChanged() {
        synchronized (this) {
            if (closed || checking) {
                return Future.succeededFuture(false);
            }
            checking = true;
        }
        return read(vertx, config).compose(files -> {
            if (current.sameFiles(files[0], files[1]) || files[0].equals(refusedCert) && files[1].equals(refusedKey)) {
                return Future.succeededFuture(false);
            }
            return vertx.executeBlocking(() -> PemKeyPair.check(vertx, files[0], files[1]), false)
                    .recover(e -> {
                        // Said once per refused content, not at every check.
                        refusedCert = files[0];
                        refusedKey = files[1];
                        return Future.failedFuture(e);
                    })
                    .compose(this::install);
        }).recover(e -> {
            LOG.warn("{}: keeping the current certificate ({}): new files not usable: {}", configKey,
                    current.describe(), e.getMessage());
            return Future.succeededFuture(false);
        }).onComplete(ar -> {
            synchronized (this) {
                checking = false;
            }
        });
    }

    private Future<Boolean> install(PemKeyPair next) {
        ServerSSLOptions ssl = new ServerSSLOptions().setKeyCertOptions(next.options());
        List<Future<Boolean>> updates = servers.stream().map(s -> s.updateSSLOptions(ssl)).toList();
        return Future.all(updates).map(v -> {
            current = next;
            LOG.info("{}: certificate reloaded: now {}", configKey, next.describe());
            next.warnIfExpired(configKey);
            return true;
        });
    }

    /** Stops checking the files (the servers are closed by their owner). */
    public synchronized void close() {
        closed = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private static Future<Buffer[]> read(Vertx vertx, ServerTlsConfig config) {
        Future<Buffer> cert = vertx.fileSystem().readFile(config.certFile().toString());
        Future<Buffer> key = vertx.fileSystem().readFile(config.keyFile().toString());
        return Future.all(cert, key).map(v -> new Buffer[]{cert.result(), key.result()});
    }
}
