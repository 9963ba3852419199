package io.pbxbridge.bridge.fleet;

import io.pbxbridge.bridge.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet's request log over real HTTP: simulated Yeastar PBXes of a fleet note when each dial request reached
 * them, and the control port hands the entries out in order, bounded, without the login's password.
 */
class FleetRequestLogTest {
    private static final HttpClient CONTROL = HttpClient.newHttpClient();
    private Vertx vertx;
    private FleetSimulator fleet;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (fleet != null) {
            Await.result(fleet.stop());
        }
        Await.result(vertx.close());
    }

    @Test
    void notesWhenEachPbxReceivedTheLoggedRequestsAndServesThemInOrder() throws Exception {
        fleet = Await.result(FleetSimulator.start(vertx, FleetOptions.quiet(Map.of("yeastar-s", 2)),
                new FleetRequestLog("extension/dial_outbound", 100)));
        int control = Await.result(vertx.createHttpServer().requestHandler(new FleetControl(fleet))
                .listen(0, "127.0.0.1")).actualPort();
        List<Map<String, Object>> entries = fleet.configEntries();
        String tokenA = login(entries.get(0));
        String tokenB = login(entries.get(1));

        long before = FleetRequestLog.nowMicros();
        dial(entries.get(0), tokenA, "90001");
        dial(entries.get(1), tokenB, "90002");
        dial(entries.get(0), tokenA, "90003");
        post(entries.get(0), "extension/query?token=" + tokenA, new JsonObject().put("number", "1000"));
        long after = FleetRequestLog.nowMicros();

        JsonObject page = get(control, "/requests?after=0");
        JsonArray requests = page.getJsonArray("requests");
        assertThat(requests).hasSize(3); // the logins and the query are not logged
        assertThat(page.getLong("missed")).isZero();
        assertThat(page.getLong("next")).isEqualTo(3);
        String[] pbx = {"yeastar-000000", "yeastar-000001", "yeastar-000000"};
        String[] outto = {"90001", "90002", "90003"};
        long previous = 0;
        for (int i = 0; i < 3; i++) {
            JsonObject r = requests.getJsonObject(i);
            assertThat(r.getLong("seq")).isEqualTo(i);
            assertThat(r.getString("pbx")).isEqualTo(entries.get(i == 1 ? 1 : 0).get("id")).isEqualTo(pbx[i]);
            assertThat(r.getString("path")).isEqualTo("/api/v1.1.0/extension/dial_outbound");
            assertThat(new JsonObject(r.getString("body")).getString("outto")).isEqualTo(outto[i]);
            assertThat(r.getLong("received_at_us")).isBetween(Math.max(before, previous), after);
            previous = r.getLong("received_at_us");
        }
        JsonArray rest = get(control, "/requests?after=2").getJsonArray("requests");
        assertThat(rest).hasSize(1);
        assertThat(rest.getJsonObject(0).getLong("seq")).isEqualTo(2);
        assertThat(get(control, "/requests?after=3").getJsonArray("requests")).isEmpty();
        assertThat(get(control, "/requests?after=0&max=2").getLong("next")).isEqualTo(2);
        assertThat(status(control, "/requests?after=x")).isEqualTo(400);
    }

    @Test
    void keepsOnlyTheLastEntriesAndSaysHowManyAReaderMissed() throws Exception {
        fleet = Await.result(FleetSimulator.start(vertx, FleetOptions.quiet(Map.of("yeastar-s", 1)),
                new FleetRequestLog("dial_outbound", 2)));
        Map<String, Object> entry = fleet.configEntries().get(0);
        String token = login(entry);
        for (int i = 1; i <= 3; i++) {
            dial(entry, token, "9000" + i);
        }
        FleetRequestLog.Page page = fleet.requestLog().since(0, 100);
        assertThat(page.missed()).isEqualTo(1);
        assertThat(page.entries()).extracting(FleetRequestLog.Entry::seq).containsExactly(1L, 2L);
        assertThat(page.next()).isEqualTo(3);
        assertThat(new JsonObject(page.entries().get(1).body()).getString("outto")).isEqualTo("90003");
    }

    @Test
    void aLoggedLoginKeepsNoPassword() throws Exception {
        fleet = Await.result(FleetSimulator.start(vertx, FleetOptions.quiet(Map.of("yeastar-s", 1)),
                new FleetRequestLog("login", 10)));
        Map<String, Object> entry = fleet.configEntries().get(0);
        login(entry);
        List<FleetRequestLog.Entry> logged = fleet.requestLog().since(0, 10).entries();
        assertThat(logged).hasSize(1);
        JsonObject body = new JsonObject(logged.get(0).body());
        assertThat(body.getString("username")).isEqualTo(entry.get("username"));
        assertThat(body.getString("password")).isEqualTo("****");
        assertThat(logged.get(0).body()).doesNotContain(md5((String) entry.get("password")));
    }

    @Test
    void credentialsAtAnyDepthAndInAnySpellingAreMasked() {
        FleetRequestLog log = new FleetRequestLog("login", 10);
        log.add("pbx-1", 1, "/api/login", new JsonObject().put("username", "api")
                .put("data", new JsonObject().put("Password", "pw-nested"))
                .put("list", new JsonArray().add(new JsonObject().put("access_token", "tok-1")))
                .put("cookie", "sid-1").encode());
        log.add("pbx-1", 2, "/api/login", "password=plain-pw");

        List<FleetRequestLog.Entry> entries = log.since(0, 10).entries();
        assertThat(entries.get(0).body()).contains("\"username\":\"api\"")
                .doesNotContain("pw-nested").doesNotContain("tok-1").doesNotContain("sid-1");
        assertThat(entries.get(1).body()).as("not JSON").doesNotContain("plain-pw");
    }

    @Test
    void aFleetWithoutALogNotesNothing() throws Exception {
        fleet = Await.result(FleetSimulator.start(vertx, FleetOptions.quiet(Map.of("yeastar-s", 1))));
        Map<String, Object> entry = fleet.configEntries().get(0);
        dial(entry, login(entry), "90001");
        assertThat(fleet.requestLog().since(0, 10).entries()).isEmpty();
    }

    private String login(Map<String, Object> entry) throws Exception {
        JsonObject answer = post(entry, "login", new JsonObject().put("username", entry.get("username"))
                .put("password", md5((String) entry.get("password"))).put("port", "8260"));
        assertThat(answer.getString("status")).as("login answer %s", answer).isEqualTo("Success");
        return answer.getString("token");
    }

    private void dial(Map<String, Object> entry, String token, String number) throws Exception {
        JsonObject answer = post(entry, "extension/dial_outbound?token=" + token,
                new JsonObject().put("extid", "1000").put("outto", number));
        assertThat(answer.getString("status")).as("dial answer %s", answer).isNotNull();
    }

    /** Through the JDK's client too: a Vert.x client POST on a kept-alive connection hung here once (see the GET). */
    private JsonObject post(Map<String, Object> entry, String endpoint, JsonObject body) throws Exception {
        URI base = URI.create((String) entry.get("api_url")); // its host and port: a path in it is ignored
        URI api = URI.create("http://" + base.getHost() + ":" + base.getPort() + "/api/v1.1.0/" + endpoint);
        HttpResponse<String> answer = CONTROL.send(HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(answer.body());
    }

    /** The control port is read as {@code CommandLatencyBench} reads it: the JDK's client, from another process's view. */
    private JsonObject get(int port, String uri) throws Exception {
        HttpResponse<String> answer = control(port, uri);
        assertThat(answer.statusCode()).as("GET %s", uri).isEqualTo(200);
        return new JsonObject(answer.body());
    }

    private int status(int port, String uri) throws Exception {
        return control(port, uri).statusCode();
    }

    private static HttpResponse<String> control(int port, String uri) throws Exception {
        return CONTROL.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
