package io.pbxbridge.bridge.management;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.net.URI;
import java.util.EnumSet;

/**
 * Owns the one Prometheus registry of the process: JVM metrics, Vert.x metrics (HTTP clients, pools,
 * event loops; not HTTP servers, see {@link #metricsOptions()}) and whatever the bridge's components register.
 * Labels come from closed sets only ({@link BoundedLabels}): no request paths (report URLs carry secrets and PBX
 * ids), no remote addresses, no method a client made up, HTTP client pools named after their PBX.
 */
public final class BridgeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final PbxMeterFilter pbxLabels;
    private final BoundedLabels labels = new BoundedLabels();

    /** Fleet-level PBX series (the default). */
    public BridgeMetrics(String instanceId) {
        this(instanceId, false);
    }

    /** @param perPbx every PBX keeps series of its own ({@code management.per_pbx_metrics}); else fleet level */
    public BridgeMetrics(String instanceId, boolean perPbx) {
        // Before any meter exists: a filter added later would not apply to meters already registered.
        pbxLabels = new PbxMeterFilter(perPbx);
        registry.config().meterFilter(labels);
        registry.config().meterFilter(pbxLabels);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // One constant series carrying the version and instance (the "info" idiom; Prometheus
        // reserves the _info suffix for its own info type, hence _version).
        Gauge.builder("pbx.bridge.version", () -> 1)
                .description("Always 1; labels identify the running bridge")
                .tag("version", BuildInfo.version())
                .tag("instance", instanceId)
                .register(registry);
    }

    /** Labels the connection pool to {@code apiUrl} (Vert.x names it {@code host:port}) with the PBX id instead. */
    public void namePbxPool(URI apiUrl, String pbxId) {
        labels.pbx(apiUrl, pbxId);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** How PBX meters are labelled (fleet level or per PBX); tell it where PBX vendors are looked up. */
    public PbxMeterFilter pbxLabels() {
        return pbxLabels;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Vert.x options that enable Micrometer metrics into this registry. */
    public MicrometerMetricsOptions metricsOptions() {
        return new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(false) // bound above, once
                // Per-request meters with tags built on every request: too dear on the report path, whose own
                // meters (pbx_reports_*, pbx_report_ingress_to_ack) already count and time each report.
                .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
                // No path, route or address labels; methods and pool names are bounded by BoundedLabels.
                .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
                        Label.CLIENT_NAME, Label.NAMESPACE));
    }

    /** A Vert.x instance reporting into this registry. */
    public Vertx newVertx(VertxOptions options) {
        VertxBuilder builder = Vertx.builder()
                .with(options.setMetricsOptions(metricsOptions()))
                .withMetrics(new MicrometerMetricsFactory(registry));
        return builder.build();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
