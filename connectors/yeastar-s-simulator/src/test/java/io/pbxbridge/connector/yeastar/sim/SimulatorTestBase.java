package io.pbxbridge.connector.yeastar.sim;

import io.pbxbridge.connector.yeastar.api.YeastarApiVersion;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.pbxbridge.connector.yeastar.sim.SimTestSupport.await;

abstract class SimulatorTestBase {
    protected Vertx vertx;
    protected SimTestSupport.ReportReceiver receiver;
    protected MutableClock clock;
    protected YeastarSimulator sim;
    private final List<SimTestSupport.ApiClient> clients = new ArrayList<>();

    @BeforeEach
    void setUpVertx() {
        vertx = Vertx.vertx();
        receiver = new SimTestSupport.ReportReceiver(vertx);
        receiver.start();
        clock = new MutableClock(Instant.parse("2026-01-15T09:30:00Z"), ZoneId.of("UTC"));
    }

    @AfterEach
    void tearDownVertx() {
        clients.forEach(SimTestSupport.ApiClient::close);
        if (sim != null) {
            await(sim.stop());
        }
        receiver.close();
        await(vertx.close());
    }

    /** Fast flows: 1 ms steps, short talk, 20 ms re-sends, the test's clock. */
    protected YeastarSimulator startSim(YeastarApiVersion version, Consumer<YeastarSimulatorOptions.Builder> custom) {
        YeastarSimulatorOptions.Builder b = YeastarSimulatorOptions.builder()
                .apiVersion(version)
                .username("api")
                .password("S3cret-pw")
                .serialNumber("369351034049")
                .extensions(10, 1000)
                .callStepDelay(Duration.ofMillis(1))
                .talkTime(Duration.ofMillis(5))
                .reportRetryInterval(Duration.ofMillis(20))
                .clock(clock);
        custom.accept(b);
        sim = await(YeastarSimulator.start(vertx, b.build()));
        return sim;
    }

    protected YeastarSimulator startSim(YeastarApiVersion version) {
        return startSim(version, b -> { });
    }

    protected SimTestSupport.ApiClient client() {
        SimTestSupport.ApiClient c = new SimTestSupport.ApiClient(vertx, sim);
        clients.add(c);
        return c;
    }

    protected SimTestSupport.ApiClient client(String localAddress) {
        SimTestSupport.ApiClient c = new SimTestSupport.ApiClient(vertx, sim, localAddress);
        clients.add(c);
        return c;
    }

    /** A client logged in with its reports going to {@link #receiver}. */
    protected SimTestSupport.ApiClient loggedIn() {
        SimTestSupport.ApiClient c = client();
        c.loginOk(receiver.port());
        return c;
    }
}
