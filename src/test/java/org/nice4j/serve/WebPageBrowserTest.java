package org.nice4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nice4j.data.ContinuousExamples;
import org.nice4j.data.ToyDensities;
import org.nice4j.engine.InferenceThreads;
import org.nice4j.model.Presets;
import org.nice4j.train.EpochMetrics;
import org.nice4j.train.OptimizerSettings;
import org.nice4j.train.TrainingConfig;
import org.nice4j.train.TrainingListener;
import org.nice4j.train.TrainingRun;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium (Debian's chromium and chromium-driver): every view loads, the temperature
 * slider redraws the samples, a mask painted with the mouse is inpainted with the observed pixels unchanged, and a
 * training run's new epoch appears on its live curve, with a screenshot of each view. Without Chromium the
 * class fails under CI=true and is skipped with the install command elsewhere.
 */
class WebPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the screenshots go: target/ by default, docs/ for the README with -Dnice4j.screenshots=docs. */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("nice4j.screenshots", "target/screenshots"));

    @TempDir
    static Path dir;

    private static Path runs;
    private static WebServer server;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String missing = "the browser tests need Chromium and its driver (" + CHROMIUM + ", " + DRIVER
                    + "): apt-get install -y chromium chromium-driver";
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        runs = ServedRuns.create(Files.createDirectories(dir.resolve("runs")));
        server = WebServer.start(new WebServer.Settings(runs, "127.0.0.1", 0, Device.cpu(), 2, 2, 64, 100));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium")));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // the runs list redraws whenever a run changes: find elements afresh
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void open(String hash) {
        browser.get(server.address() + hash);
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void everyViewLoads() throws IOException {
        open("#/");
        wait.until(d -> Integer.parseInt(d.findElement(By.id("runs")).getDomAttribute("data-count")) >= 4);
        wait.until(d -> d.findElement(By.cssSelector(".card.error[data-run='broken']")).getText().contains("corrupted"));
        wait.until(d -> d.findElement(By.cssSelector(".card[data-run='small']")).getText().contains("-645.50"));
        screenshot("web-runs.png");
        open("#/run/small/card");
        wait.until(d -> d.findElement(By.id("model-card")).getText().contains("parameters"));
        screenshot("web-model-card.png");
        open("#/run/gin/latent");
        wait.until(d -> d.findElement(By.id("spectrum")).getDomAttribute("data-components") != null);
        wait.until(d -> (Boolean) script("const i = document.getElementById('gin-decoded');"
                + " return i !== null && i.complete && i.naturalWidth > 0;"));
        wait.until(d -> (Boolean) script("return document.getElementById('interp-img').naturalWidth > 0;"));
        screenshot("web-latent.png");
        String mean = browser.findElement(By.id("gin-decoded")).getDomAttribute("src");
        WebElement slider = wait.until(d -> d.findElement(By.cssSelector("#gin-sliders input")));
        slider.click();
        slider.sendKeys(Keys.END);
        wait.until(d -> !mean.equals(d.findElement(By.id("gin-decoded")).getDomAttribute("src")) && (Boolean) script(
                "const i = document.getElementById('gin-decoded'); return i.complete && i.naturalWidth > 0;"));
        assertTrue(browser.findElement(By.id("gin-decoded")).getDomAttribute("src").contains("offsets=3"));
        script("document.getElementById('gin').scrollIntoView();");
        screenshot("web-gin.png");
        open("#/run/broken/sample");
        wait.until(d -> d.findElement(By.id("model-error")).getText().contains("corrupted"));
    }

    @Test
    void theTemperatureSliderRedrawsTheSamples() throws IOException {
        open("#/run/small/sample");
        WebElement image = wait.until(d -> d.findElement(By.id("sample-img")));
        wait.until(d -> image.getDomAttribute("src") != null
                && image.getDomAttribute("src").equals(image.getDomAttribute("data-loaded")));
        String before = image.getDomAttribute("data-loaded");
        byte[] pixelsBefore = image.getScreenshotAs(OutputType.BYTES);
        WebElement slider = browser.findElement(By.id("temperature"));
        slider.click();
        for (int i = 0; i < 8; i++) {
            slider.sendKeys(Keys.ARROW_LEFT);
        }
        wait.until(d -> !before.equals(image.getDomAttribute("data-loaded"))
                && image.getDomAttribute("src").equals(image.getDomAttribute("data-loaded")));
        assertFalse(image.getDomAttribute("data-loaded").contains("temperature=1&"), image.getDomAttribute("data-loaded"));
        assertFalse(Arrays.equals(pixelsBefore, image.getScreenshotAs(OutputType.BYTES)), "the samples look the same");
        screenshot("web-sample.png");
    }

    @Test
    void aPaintedMaskIsInpaintedWithTheObservedPixelsUnchanged() throws IOException {
        open("#/run/small/inpaint");
        wait.until(d -> d.findElement(By.id("inpaint-status")).getText().startsWith("test image 0"));
        WebElement thumbs = browser.findElement(By.id("test-thumbs"));
        wait.until(d -> (Boolean) script("return arguments[0].naturalWidth > 0;", thumbs));
        // the first tile of the second row of the 10-column grid
        new Actions(browser).moveToElement(thumbs, -thumbs.getSize().getWidth() / 2 + 10,
                -thumbs.getSize().getHeight() / 2 + 40).click().perform();
        wait.until(d -> d.findElement(By.id("inpaint-status")).getText().startsWith("test image 10"));
        WebElement canvas = browser.findElement(By.id("inpaint-canvas"));
        // a stroke across the middle of the digit, in the default "paint the hidden region" mode
        new Actions(browser).moveToElement(canvas, -100, 0).clickAndHold().moveByOffset(70, 10).moveByOffset(70, -10)
                .moveByOffset(60, 20).release().perform();
        WebElement steps = browser.findElement(By.id("steps"));
        steps.clear();
        steps.sendKeys("40");
        browser.findElement(By.id("run-inpaint")).click();
        wait.until(d -> "true".equals(d.findElement(By.id("inpaint-status")).getDomAttribute("data-done")));
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) script("return window.nice4jInpaint;");
        List<?> start = (List<?>) run.get("start");
        List<?> result = (List<?>) run.get("result");
        List<?> hidden = (List<?>) run.get("hidden");
        int painted = 0;
        for (int d = 0; d < start.size(); d++) {
            if (Boolean.TRUE.equals(hidden.get(d))) {
                painted++;
            } else {
                assertEquals(((Number) start.get(d)).doubleValue(), ((Number) result.get(d)).doubleValue(),
                        "observed pixel " + d);
            }
        }
        assertTrue(painted >= 30, "the stroke hid " + painted + " pixels");
        assertTrue(((Number) run.get("frames")).intValue() >= 10, "frames streamed: " + run.get("frames"));
        screenshot("web-inpaint.png");
    }

    @Test
    void aNewEpochAppearsOnTheLiveCurve() throws Exception {
        open("#/run/live/training");
        Semaphore nextEpoch = new Semaphore(0);
        TrainingListener paced = new TrainingListener() {
            @Override
            public void epochFinished(EpochMetrics metrics, boolean best) {
                try {
                    nextEpoch.tryAcquire(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Presets.Preset toy = Presets.get("nice-toy");
        TrainingConfig config = new TrainingConfig(2, 50, new OptimizerSettings.RmsProp(0.95, 100, 0, 0.5, 2), 1e-3,
                List.of(), 1, 0, 0, 0);
        TrainingRun.Data data = new TrainingRun.Data(new ContinuousExamples(ToyDensities.twoMoons(200, 0.05, 1), 2),
                new ContinuousExamples(ToyDensities.twoMoons(100, 0.05, 2), 2), null);
        CompletableFuture<TrainingRun.Outcome> training = CompletableFuture.supplyAsync(() -> {
            InferenceThreads.recordNoGradients();
            return TrainingRun.start(runs.resolve("live"), toy.model(), toy.preprocessing(), config, Device.cpu(), data,
                    Map.of("preset", "nice-toy"), paced);
        });
        wait.withMessage(() -> "page: " + browser.findElement(By.id("main")).getText() + "; live: "
                + browser.findElement(By.id("live")).getDomAttribute("class") + "; training: " + training
                + "; files: " + Arrays.toString(runs.resolve("live").toFile().list()))
                .until(d -> "1".equals(d.findElement(By.id("curve")).getDomAttribute("data-epochs")));
        nextEpoch.release();
        wait.until(d -> "2".equals(d.findElement(By.id("curve")).getDomAttribute("data-epochs")));
        nextEpoch.release();
        training.get(60, TimeUnit.SECONDS);
        screenshot("web-training.png");
    }
}
