package io.pbxbridge.connector.grandstream.api;

import io.pbxbridge.connector.grandstream.UcmOptions;
import io.pbxbridge.connector.spi.CreatedOnFirstUse;
import io.pbxbridge.connector.spi.PbxConfig;
import io.pbxbridge.connector.spi.Secret;
import io.pbxbridge.connector.spi.SessionOptions;
import io.pbxbridge.connector.spi.TlsSettings;
import io.pbxbridge.connector.spi.capture.CaptureKinds;
import io.pbxbridge.connector.spi.capture.TrafficRecorder;
import io.pbxbridge.connector.spi.tls.PbxTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Thin client for the UCM's single endpoint {@code POST /api} with {@code {"request":{"action":…}}}.
 * Knows the envelope, not the session. The cookie travels only inside the request body and is never
 * part of an exception message; nor is any parameter value. Every answer goes to the recorder when the
 * PBX is recorded (the login's cookie masked there).
 */
public final class UcmApiClient {
    /** Created on first use, on the session's own context (see {@link CreatedOnFirstUse}). */
    private final CreatedOnFirstUse<WebClient> client;
    private final URI base;
    private final String path;
    private final long timeoutMs;
    private final TrafficRecorder recorder;

    public UcmApiClient(Vertx vertx, PbxConfig pbx, Duration requestTimeout) {
        this(vertx, pbx, requestTimeout, TrafficRecorder.NONE);
    }

    public UcmApiClient(Vertx vertx, PbxConfig pbx, Duration requestTimeout, TrafficRecorder recorder) {
        this.recorder = recorder;
        this.base = pbx.apiUrl();
        this.timeoutMs = requestTimeout.toMillis();
        String basePath = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        this.path = basePath + "/api";
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        WebClientOptions options = SessionOptions.idleConnections(new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .setUserAgent("pbx-kafka-bridge"), pbx.options());
        PbxTls.configure(options, tlsSettings(pbx), https);
        PoolOptions pool = SessionOptions.pool(pbx.options());
        this.client = new CreatedOnFirstUse<>(() -> WebClient.create(vertx, options, pool), WebClient::close);
    }

    /**
     * The PBX's TLS settings, with the {@code legacy_ciphers=true} option as a second way to turn on
     * the weak-DH cipher suites old UCM62xx firmware needs (see TlsSettings#legacyCiphers).
     */
    public static TlsSettings tlsSettings(PbxConfig pbx) {
        TlsSettings tls = pbx.tls();
        if (!tls.legacyCiphers() && pbx.options().get(UcmOptions.LEGACY_CIPHERS)) {
            return new TlsSettings(tls.trustStorePath(), tls.trustStorePassword(), tls.pinnedSha256(), tls.insecure(), true);
        }
        return tls;
    }

    /**
     * POSTs one action. {@code cookie} may be null or empty (challenge, login). Fails with
     * {@link UcmUnreachableException} only when the PBX did not answer with a JSON envelope; a
     * non-zero status is a normal {@link UcmResponse}.
     */
    public Future<UcmResponse> post(String action, JsonObject params, Secret cookie) {
        return postRaw(action, params, cookie).compose(reply -> {
            try {
                Buffer payload = reply.body();
                JsonObject json = payload.length() == 0 ? new JsonObject() : payload.toJsonObject();
                return Future.succeededFuture(UcmResponse.parse(json));
            } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
                return Future.failedFuture(new UcmUnreachableException(
                        "POST /api " + action + " answered non-JSON or without a numeric status", e));
            }
        });
    }

    /**
     * POSTs one action whose success may not be JSON (recapi file, CSV/XML reports) and returns the
     * bytes undecoded. Fails with {@link UcmUnreachableException} only when the PBX did not answer 200.
     */
    public Future<UcmRawReply> postRaw(String action, JsonObject params, Secret cookie) {
        JsonObject request = new JsonObject().put("action", action);
        if (cookie != null && !cookie.isEmpty()) {
            request.put("cookie", cookie.reveal());
        }
        if (params != null) {
            params.forEach(e -> {
                // The envelope's own keys, in any letter case, are never taken from parameters.
                if (!"action".equalsIgnoreCase(e.getKey()) && !"cookie".equalsIgnoreCase(e.getKey())) {
                    request.put(e.getKey(), e.getValue());
                }
            });
        }
        String body = new JsonObject().put("request", request).encode();
        int port = base.getPort() > 0 ? base.getPort() : ("https".equalsIgnoreCase(base.getScheme()) ? 443 : 80);
        if (client.isClosed()) {
            return Future.failedFuture(new UcmUnreachableException("POST " + path + ": the session has stopped", null));
        }
        return client.get().post(port, base.getHost(), path)
                .timeout(timeoutMs)
                .putHeader("Content-Type", "application/json;charset=UTF-8")
                .sendBuffer(Buffer.buffer(body))
                .recover(err -> Future.failedFuture(new UcmUnreachableException(
                        "POST /api " + action + " failed: " + err.getMessage(), err)))
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture(new UcmUnreachableException(
                                "POST /api " + action + " answered HTTP " + response.statusCode(), null));
                    }
                    Buffer payload = response.body() == null ? Buffer.buffer() : response.body();
                    if (recorder.active()) {
                        recorder.record(CaptureKinds.API, action, payload.getBytes(), Instant.now());
                    }
                    return Future.succeededFuture(new UcmRawReply(response.getHeader("Content-Type"),
                            UcmRawReply.fileNameOf(response.getHeader("Content-Disposition")), payload));
                });
    }

    public void close() {
        client.close();
    }
}
