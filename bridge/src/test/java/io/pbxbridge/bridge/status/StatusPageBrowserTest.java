package io.pbxbridge.bridge.status;

import io.pbxbridge.bridge.BridgeApplication;
import io.pbxbridge.bridge.testkit.DebianPackages;
import io.pbxbridge.bridge.testkit.DemoBridge;
import io.pbxbridge.connector.spi.PbxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real browser (Debian's headless Chromium driven through its chromedriver)
 * against the demo setup: embedded Kafka, the two simulated PBXes placing calls. The fleet shows both
 * sessions up, live lines stream in within seconds, a failed command and a dead letter show up under
 * problems, and no secret of the demo configuration appears anywhere on the page. Screenshots are kept
 * under {@code target/} ({@code status-page*.png}).
 */
class StatusPageBrowserTest {
    private static final String YEASTAR_ID = DemoBridge.YEASTAR_ID;
    private static final String UCM_ID = DemoBridge.UCM_ID;
    private static final Path SCREENSHOTS = Path.of("target");
    @TempDir
    static Path dir;
    private static BridgeApplication app;
    private static WebDriver browser;
    private static String page;

    @BeforeAll
    static void start() throws Exception {
        DebianPackages.ensure("chromium", "chromium-driver");
        app = DemoBridge.start("status-demo", dir);
        page = "http://127.0.0.1:" + app.managementPort() + "/";
        browser = chromium(dir.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.stopAndWait(Duration.ofSeconds(20));
        }
    }

    static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // The machine has no network: without the background-networking switches Chromium stalls.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1290", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    @Test
    void showsTheFleetLiveTrafficAndProblemsWithoutSecrets() throws Exception {
        browser.get(page);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(250));

        // The fleet: both simulated PBXes, sessions up (the page refreshes itself every few seconds).
        wait.until(d -> state(YEASTAR_ID).equals("UP") && state(UCM_ID).equals("UP"));
        assertThat(row(YEASTAR_ID)).contains("yeastar-s");
        assertThat(row(UCM_ID)).contains("grandstream-ucm");
        // The model is what the PBX reports in its records (UCM notifications carry it): known after the first.
        wait.until(d -> row(UCM_ID).contains("UCM6304"));

        // Live traffic: lines arrive over the event stream after the page loaded, within seconds.
        long loadedUpTo = maxSeq();
        Instant waitingSince = Instant.now();
        wait.withTimeout(Duration.ofSeconds(30)).until(d -> maxSeq() > loadedUpTo
                && !d.findElements(By.cssSelector("#live .line.t-call")).isEmpty());
        System.out.println("first streamed line after " + Duration.between(waitingSince, Instant.now()).toMillis() + " ms");
        // Both PBXes place calls; filtering by one PBX hides the other's lines.
        wait.until(d -> !d.findElements(By.cssSelector("#live .line[data-pbx='" + UCM_ID + "']")).isEmpty()
                && !d.findElements(By.cssSelector("#live .line[data-pbx='" + YEASTAR_ID + "']")).isEmpty());
        new Select(browser.findElement(By.id("live-pbx"))).selectByVisibleText(UCM_ID);
        assertThat(visibleLines()).isNotEmpty().allMatch(l -> l.getAttribute("data-pbx").equals(UCM_ID));
        new Select(browser.findElement(By.id("live-pbx"))).selectByIndex(0);
        screenshot("status-page-fleet.png");

        // Pause: no new line is appended while paused; resuming appends what was held.
        browser.findElement(By.id("pause")).click();
        int shown = browser.findElements(By.cssSelector("#live .line")).size();
        long seqAtPause = maxSeq();
        wait.until(d -> d.findElement(By.id("live-status")).getText().matches("paused: [1-9].*"));
        assertThat(maxSeq()).isEqualTo(seqAtPause);
        assertThat(browser.findElements(By.cssSelector("#live .line")).size()).isEqualTo(Math.min(shown, 500));
        browser.findElement(By.id("pause")).click();
        assertThat(maxSeq()).isGreaterThan(seqAtPause);

        // Problems: a command the PBX refuses, and a report the bridge cannot parse.
        String commandId = "status-test-" + UUID.randomUUID();
        DemoBridge.sendHangupOfUnknownExtension(app, commandId);
        PbxConfig yeastar = app.pbxes().stream().filter(p -> p.id().equals(YEASTAR_ID)).findFirst().orElseThrow();
        postUnparseableReport(yeastar);
        wait.until(d -> text("#failed-commands").contains(commandId));
        wait.until(d -> text("#dead-letters").contains("/report/" + YEASTAR_ID + "/******"));
        String failed = text("#failed-commands");
        System.out.println("failed commands table:\n" + failed);
        assertThat(failed).doesNotContain("SUCCEEDED");
        wait.until(d -> row(YEASTAR_ID).contains("dead letter")
                || row(YEASTAR_ID).contains("command"));
        wait.until(d -> !d.findElements(By.cssSelector("#live .line.failure")).isEmpty());
        // The whole page in one picture (the one README.md shows, copied to bridge/docs/status-page.png).
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("status-page.png");

        // No secret of the configuration anywhere: page, JSON, the streamed lines.
        String everything = browser.getPageSource() + get("/status.json") + get("/status.js");
        for (PbxConfig p : app.pbxes()) {
            assertThat(everything).doesNotContain(p.password().reveal()).doesNotContain(p.reportSecret().reveal());
        }
    }

    /**
     * The rendered text of the first element matching {@code css}, or "". Read in one script call: the page
     * replaces its sections every few seconds, so element handles kept across calls go stale.
     */
    private static String text(String css) {
        Object t = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''", css);
        return String.valueOf(t);
    }

    private static String state(String pbx) {
        return text("#fleet-rows tr[data-pbx='" + pbx + "'] .state");
    }

    private static String row(String pbx) {
        return text("#fleet-rows tr[data-pbx='" + pbx + "']");
    }

    private static long maxSeq() {
        Object max = ((JavascriptExecutor) browser).executeScript(
                "return Math.max(0, ...Array.from(document.querySelectorAll('#live .line'), e => Number(e.dataset.seq)))");
        return ((Number) max).longValue();
    }

    private static List<WebElement> visibleLines() {
        return browser.findElements(By.cssSelector("#live .line")).stream().filter(WebElement::isDisplayed).toList();
    }

    private static void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void postUnparseableReport(PbxConfig pbx) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + app.ingressPort() + "/report/" + pbx.id() + "/" + pbx.reportSecret().reveal()))
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page.replaceAll("/$", "") + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
