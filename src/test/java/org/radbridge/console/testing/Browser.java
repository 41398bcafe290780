package org.radbridge.console.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.radbridge.testing.ProjectPaths;
import org.radbridge.testing.TestEngine;

/**
 * A real headless Chromium (Debian's /usr/bin/chromium driven through /usr/bin/chromedriver on a free port) pointed
 * at a {@link TestEngine}'s console, for the console's browser tests. A missing browser fails the test (CI installs
 * chromium and chromium-driver, .ci/run). Typical use:
 *
 * <pre>{@code
 * try (TestEngine engine = TestEngine.start(); Browser b = Browser.start(engine)) {
 *     b.signIn(TestEngine.ADMIN_TOKEN);
 *     b.open("/console/messages?q=ACC1");
 *     b.waitFor(By.cssSelector("table.grid"));
 *     b.screenshot("messages");          // docs/console/messages.png
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("radbridge.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("radbridge.test.chromedriver", "/usr/bin/chromedriver"));
    /** Where the screenshots of the pages go (docs/console/NAME.png). */
    public static final Path SHOTS = ProjectPaths.project().resolve("docs/console");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriverService service, ChromeDriver driver, String base) {
        this.service = service;
        this.driver = driver;
        this.base = base;
    }

    /** A browser for the console of this engine (http://127.0.0.1:PORT). */
    public static Browser start(TestEngine engine) throws IOException {
        return start("http://127.0.0.1:" + engine.httpPort());
    }

    public static Browser start(String base) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver)");
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withSilent(true).build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--disable-extensions", "--no-first-run", "--disable-background-networking", "--lang=en-US", "--hide-scrollbars",
                "--force-device-scale-factor=1");
        ChromeDriver d;
        try {
            service.start();
            d = new ChromeDriver(service, o);
        } catch (RuntimeException | IOException e) {
            service.stop();
            throw e;
        }
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(service, d, base);
    }

    public WebDriver driver() {
        return driver;
    }

    /** http://127.0.0.1:PORT */
    public String base() {
        return base;
    }

    /** Opens a path of the engine (e.g. "/console/outbox"). */
    public Browser open(String path) {
        driver.get(path.startsWith("http") ? path : base + path);
        return this;
    }

    /** The path (and query) of the current page. */
    public String path() {
        String u = driver.getCurrentUrl();
        return u.startsWith(base) ? u.substring(base.length()) : u;
    }

    /** Signs in through the form with an API token and waits for the page after sign-in. */
    public Browser signIn(String token) {
        open("/console/login");
        WebElement t = waitFor(By.name("token"));
        t.clear();
        t.sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        waitUntil(d -> !path().startsWith("/console/login") || !d.findElements(By.id("login-error")).isEmpty());
        return this;
    }

    /** Signs out with the header's button and waits for the sign-in page. */
    public Browser signOut() {
        driver.findElement(By.id("sign-out")).click();
        waitUntil(d -> path().startsWith("/console/login"));
        return this;
    }

    /** Waits (up to 30 s) for an element and returns it. */
    public WebElement waitFor(By by) {
        return waitUntil(d -> {
            var found = d.findElements(by);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Waits (up to 30 s) until the condition gives a value other than null or false. */
    public <T> T waitUntil(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100)).until(condition::apply);
    }

    public String text(By by) {
        return waitFor(by).getText();
    }

    /** The visible text of the page body. */
    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Clicks a button or link by its visible text (exact), then returns. */
    public Browser click(By by) {
        waitFor(by).click();
        return this;
    }

    /**
     * Saves the whole page (window grown to the page's height, at most 4000 px) as docs/console/NAME.png and returns the
     * file; a screenshot is documentation, so the test's data should look like a real day's.
     */
    public Path screenshot(String name) throws IOException {
        Object h = ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        int height = Math.min(4000, Math.max(600, ((Number) h).intValue() + 20));
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(1280, height));
        try {
            Files.createDirectories(SHOTS);
            Path tmp = driver.getScreenshotAs(OutputType.FILE).toPath();
            Path out = SHOTS.resolve(name + ".png");
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
