package dev.sluice.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.answers.AnswersSystem;
import dev.sluice.answers.dataset.QaPair;
import dev.sluice.answers.dataset.SampleDataset;
import dev.sluice.answers.simulator.SimulatorSettings;
import dev.sluice.cli.Stack;
import dev.sluice.cli.answers.LlmOptions;
import dev.sluice.orders.process.StateDelays;
import dev.sluice.platform.config.ConfigLoader;
import dev.sluice.platform.config.SluiceConfig;
import dev.sluice.platform.http.HttpApp;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser: headless Chromium, driven through the system's chromedriver (never
 * a downloaded one), against `sluice up`'s process assembly with both systems and load on both. The
 * page loads without console errors, its numbers and charts move while the load runs, and the
 * lookups find a question and an order. Without Chromium the test is skipped locally and fails on
 * CI ({@code CI=true}), where {@code .ci/run} installs it.
 */
class DashboardBrowserITCase {
    private static final Path CHROMIUM = Paths.get(System.getProperty("sluice.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Paths.get(System.getProperty("sluice.chromedriver", "/usr/bin/chromedriver"));

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> questionIds = new CopyOnWriteArrayList<>();
    private final List<Long> orderIds = new CopyOnWriteArrayList<>();

    @Test
    void shouldShowMovingChartsWithoutConsoleErrorsAndFindAQuestionAndAnOrder() throws Exception {
        requireChromium();
        SluiceConfig config = ConfigLoader.load(
                Optional.empty(),
                Map.of(),
                Map.of("work-dir", work.toString(), "flink.rest-port", "0", "http.port", "0"));
        List<QaPair> pairs = SampleDataset.pairs(300, SampleDataset.DEFAULT_SEED);
        var run = new AnswersSystem.Run(
                EnumSet.allOf(AnswersSystem.Part.class),
                "dashboard-itcase",
                1,
                LlmOptions.simulator(4).choice(SimulatorSettings.defaults(1), pairs));
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        ChromeDriver browser = null;
        try (Stack stack = Stack.builder(config)
                .instance("dashboard-itcase")
                .orders(s -> s.withDelays(StateDelays.uniform(Duration.ofMillis(500))))
                .answers(run)
                .http(0)
                .quietRequests()
                .dashboard()
                .start()) {
            AtomicInteger next = new AtomicInteger();
            load.scheduleAtFixedRate(
                    () -> postQuestion(stack, pairs.get(next.getAndIncrement() % pairs.size())),
                    0,
                    250,
                    TimeUnit.MILLISECONDS);
            load.scheduleAtFixedRate(() -> postOrder(stack), 0, 250, TimeUnit.MILLISECONDS);

            browser = chrome();
            ChromeDriver page = browser;
            page.get(stack.url() + "/");
            JavascriptExecutor js = page;
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> ((Number) js.executeScript("return window.sluiceDashboard.polls")).intValue() >= 2);
            assertThat(page.findElement(By.id("answers")).getAttribute("class")).doesNotContain("off");
            assertThat(page.findElement(By.id("orders")).getAttribute("class")).doesNotContain("off");

            // numbers move: answers stored and e-mails sent grow while the load runs
            long stored = awaitNumber(page, "answers-total-answersStored", 0);
            awaitNumber(page, "answers-total-answersStored", stored);
            long sent = awaitNumber(page, "orders-total-emailsSent", 0);
            awaitNumber(page, "orders-total-emailsSent", sent);

            // charts move: the throughput chart's instance holds a point above zero, and its last time grows
            String chart = "window.sluiceDashboard.charts['chart-answers-throughput'].chart.data";
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ((Number) js.executeScript(
                                            "return Math.max(0, ..." + chart + "[2].filter(v => v != null))"))
                                    .doubleValue()
                            > 0);
            double lastTime =
                    ((Number) js.executeScript("const d = " + chart + "; return d[0][d[0].length - 1]")).doubleValue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ((Number) js.executeScript("const d = " + chart + "; return d[0][d[0].length - 1]"))
                                    .doubleValue()
                            > lastTime);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> ((Number) js.executeScript(
                                            "const d = window.sluiceDashboard.charts['chart-orders-rates'].chart.data;"
                                                    + " return Math.max(0, ...d[1].filter(v => v != null))"))
                                    .doubleValue()
                            > 0);

            // lookups: a question and an order, through the page's forms
            String questionId = questionIds.get(0);
            lookUp(page, "question-lookup", questionId);
            await().atMost(Duration.ofSeconds(10))
                    .ignoreException(StaleElementReferenceException.class)
                    .untilAsserted(() -> assertThat(
                                    page.findElement(By.id("lookup-result")).getText())
                            .contains("question " + questionId)
                            .contains("history"));
            long orderId = orderIds.get(0);
            lookUp(page, "order-lookup", String.valueOf(orderId));
            await().atMost(Duration.ofSeconds(10))
                    .ignoreException(StaleElementReferenceException.class)
                    .untilAsserted(() -> assertThat(
                                    page.findElement(By.id("lookup-result")).getText())
                            .contains("order " + orderId)
                            .contains("recibido")
                            .contains("finalizado")
                            .contains("***@"));

            // the page under load, with the order lookup open (docs/dashboard.png is one of these)
            Path shot = Paths.get("target", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.copy(page.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);

            List<LogEntry> errors = page.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                    .toList();
            assertThat(errors).as("page console warnings and errors").isEmpty();
        } finally {
            load.shutdownNow();
            if (browser != null) {
                browser.quit();
            }
        }
    }

    private static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "the dashboard's browser test needs Chromium at " + CHROMIUM + " and chromedriver at "
                + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver; or set -Dsluice.chromium"
                + " and -Dsluice.chromedriver)";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + "; on CI it must run, not skip");
        }
        Assumptions.assumeTrue(present, message);
    }

    /** The system's chromedriver, started by path: Selenium Manager is never asked to find or fetch one. */
    private static ChromeDriver chrome() {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1440,2200");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        return new ChromeDriver(service, options);
    }

    private static long awaitNumber(ChromeDriver browser, String id, long above) {
        long[] seen = new long[1];
        await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(500))
                // The dashboard re-renders its numbers every poll: an element found a moment ago may
                // be replaced before its text is read; the next attempt finds the new one.
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    String text = browser.findElement(By.id(id)).getText().trim();
                    if (!text.matches("\\d+")) {
                        return false;
                    }
                    seen[0] = Long.parseLong(text);
                    return seen[0] > above;
                });
        return seen[0];
    }

    private static void lookUp(ChromeDriver browser, String form, String id) {
        WebElement input = browser.findElement(By.cssSelector("#" + form + " input"));
        input.clear();
        input.sendKeys(id);
        browser.findElement(By.cssSelector("#" + form + " button")).click();
    }

    private void postQuestion(Stack stack, QaPair pair) {
        try {
            var body = Map.of("title", pair.title(), "content", pair.content(), "bestAnswer", pair.bestAnswer());
            HttpResponse<String> r = post(stack.url() + "/api/questions", body);
            if (r.statusCode() == 202 && questionIds.isEmpty()) {
                questionIds.add(HttpApp.mapper().readTree(r.body()).get("id").asText());
            }
        } catch (Exception e) {
            // the next tick tries again; the assertions say what went missing
        }
    }

    private void postOrder(Stack stack) {
        try {
            var body = Map.of("nombre", "Macbook air M1", "precio", 759000, "correo", "cliente@correo.com");
            HttpResponse<String> r = post(stack.url() + "/orders", body);
            if (r.statusCode() == 201) {
                orderIds.add(HttpApp.mapper().readTree(r.body()).get("id").asLong());
            }
        } catch (Exception e) {
            // as above
        }
    }

    private HttpResponse<String> post(String url, Object body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("content-type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                HttpApp.mapper().writeValueAsBytes(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
