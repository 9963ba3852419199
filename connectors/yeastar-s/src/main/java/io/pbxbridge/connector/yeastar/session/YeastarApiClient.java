package io.pbxbridge.connector.yeastar.session;

import io.pbxbridge.connector.spi.CreatedOnFirstUse;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionOptions;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.TrafficRecorder;
import io.pbxbridge.connector.spi.tls.PbxTls;
import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Thin HTTP client for {@code POST /api/v{ver}/{endpoint}?token=…}. Knows the URL layout and the
 * reply envelope; knows nothing about sessions. The token travels only in the query string and is
 * never part of an exception message. Every answer goes to the recorder when the PBX is recorded (its
 * token field masked there).
 */
public final class YeastarApiClient {
    /** Created on first use, on the session's own context (see {@link CreatedOnFirstUse}). */
    private final CreatedOnFirstUse<WebClient> client;
    private final URI base;
    private final YeastarApiVersion version;
    private final long timeoutMs;
    private final TrafficRecorder recorder;

    public YeastarApiClient(Vertx vertx, PbxConfig pbx, YeastarApiVersion version, Duration requestTimeout) {
        this(vertx, pbx, version, requestTimeout, TrafficRecorder.NONE);
    }

    public YeastarApiClient(Vertx vertx, PbxConfig pbx, YeastarApiVersion version, Duration requestTimeout,
                            TrafficRecorder recorder) {
        this.recorder = recorder;
        this.base = pbx.apiUrl();
        this.version = version;
        this.timeoutMs = requestTimeout.toMillis();
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        WebClientOptions options = SessionOptions.idleConnections(new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .setUserAgent("pbx-kafka-bridge"), pbx.options());
        PbxTls.configure(options, pbx.tls(), https);
        PoolOptions pool = SessionOptions.pool(pbx.options());
        this.client = new CreatedOnFirstUse<>(() -> WebClient.create(vertx, options, pool), WebClient::close);
    }

    public YeastarApiVersion version() {
        return version;
    }

    /** POSTs a JSON body; {@code token} may be null (login). Fails only when the PBX did not answer. */
    public Future<YeastarResponse> post(String endpoint, JsonObject body, Secret token) {
        String path = version.path(endpoint);
        int port = base.getPort() > 0 ? base.getPort() : ("https".equalsIgnoreCase(base.getScheme()) ? 443 : 80);
        if (client.isClosed()) {
            return Future.failedFuture(new PbxUnreachableException("POST " + path + ": the session has stopped", null));
        }
        HttpRequest<Buffer> request = client.get().post(port, base.getHost(), path)
                .timeout(timeoutMs)
                .putHeader("Content-Type", "application/json");
        if (token != null && !token.isEmpty()) {
            request.addQueryParam("token", token.reveal());
        }
        return request.sendBuffer(Buffer.buffer(body == null ? "" : body.encode()))
                .recover(err -> Future.failedFuture(new PbxUnreachableException(
                        "POST " + path + " failed: " + err.getMessage(), err)))
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture(new PbxUnreachableException(
                                "POST " + path + " answered HTTP " + response.statusCode(), null));
                    }
                    if (recorder.active() && response.body() != null) {
                        recorder.record(CaptureKinds.API, endpoint, response.body().getBytes(), Instant.now());
                    }
                    try {
                        Buffer payload = response.body();
                        JsonObject json = payload == null ? new JsonObject() : payload.toJsonObject();
                        return Future.succeededFuture(YeastarResponse.parse(json));
                    } catch (DecodeException | ClassCastException e) {
                        return Future.failedFuture(new PbxUnreachableException(
                                "POST " + path + " answered non-JSON", e));
                    }
                });
    }

    public void close() {
        client.close();
    }
}
