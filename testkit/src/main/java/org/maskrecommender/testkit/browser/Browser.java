package org.maskrecommender.testkit.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for tests that check a page as a person would see it: the distribution's {@code chromium}
 * driven through its {@code chromedriver} by Selenium. Nothing is downloaded: both executables are given to
 * Selenium explicitly, so Selenium Manager never runs. Each browser has a fresh profile in a temporary directory,
 * removed on {@link #close()}.
 *
 * <p>The executables are {@value #DEFAULT_CHROMIUM} and {@value #DEFAULT_CHROMEDRIVER} (Debian's
 * {@code chromium} and {@code chromium-driver} packages); the environment variables {@code CHROMIUM_BINARY} and
 * {@code CHROMEDRIVER_BINARY} point elsewhere. When they are missing, {@link #start()} fails with how to install
 * them rather than letting a test pass without having looked: {@code .ci/run} installs them.
 *
 * <p>Callers need {@code org.seleniumhq.selenium:selenium-chrome-driver} and {@code selenium-support} on their test
 * class path (optional dependencies of the test kit). Wait with {@link #waitUntil}, never with sleeps.
 */
public final class Browser implements AutoCloseable {

    public static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    public static final String DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver";
    /** How long {@link #waitUntil} waits for a condition: generous, it only matters on an overloaded machine. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    /** Flags for a headless browser that runs as root in a container and talks to nothing but the page's server. */
    private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
            "--window-size=1280,900");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Starts a headless browser with a 1280×900 window.
     *
     * @throws IllegalStateException when Chromium or ChromeDriver is not installed (the message says how to)
     */
    public static Browser start() {
        Path chromium = executable("CHROMIUM_BINARY", DEFAULT_CHROMIUM, "chromium");
        Path chromedriver = executable("CHROMEDRIVER_BINARY", DEFAULT_CHROMEDRIVER, "chromium-driver");
        Path profile;
        try {
            profile = Files.createTempDirectory("browser-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a browser profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        try {
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    private static Path executable(String variable, String fallback, String debianPackage) {
        String configured = System.getenv(variable);
        Path path = Path.of(configured == null || configured.isBlank() ? fallback : configured);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("browser tests need Chromium and its ChromeDriver, and " + path
                    + " is not an executable file (on Debian it comes with the package " + debianPackage + "). Install"
                    + " the distribution's packages (Debian: `apt-get install -y chromium chromium-driver`, as root;"
                    + " `bash .ci/run` does this when they are missing), or set CHROMIUM_BINARY and CHROMEDRIVER_BINARY"
                    + " to a Chromium or Chrome and the ChromeDriver of the same version");
        }
        return path;
    }

    /** The Selenium driver, for anything this class does not wrap. */
    public WebDriver driver() {
        return driver;
    }

    /** Opens a page (http:, https: or file:) and returns once the browser has loaded it. */
    public Browser open(URI page) {
        driver.get(page.toString());
        return this;
    }

    /**
     * Waits up to {@link #DEFAULT_WAIT} until the condition returns a non-null, non-false value, and returns it.
     * On time-out the exception names what was awaited and the text the page showed then.
     *
     * @param what what the condition waits for, in words
     */
    public <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, DEFAULT_WAIT)
                .withMessage(() -> what + "; the page shows: " + visibleText())
                .until(condition::apply);
    }

    private String visibleText() {
        try {
            String text = String.valueOf(script("return document.body ? document.body.innerText : '';"));
            return text.length() > 2000 ? text.substring(0, 2000) + "…" : text;
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The element that has the keyboard focus. */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Types keys into whatever has the focus, as a keyboard would ({@code Keys.TAB}, {@code Keys.ENTER}, text). */
    public Browser press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
        return this;
    }

    /** Selects all text of the focused field (Ctrl+A), so what is typed next replaces it. */
    public Browser selectAll() {
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform();
        return this;
    }

    /** Runs a script in the page and returns its value ({@code return …}). */
    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * Makes the page see a phone: a viewport of the given CSS pixels, device scale 1, mobile (the page's
     * {@code <meta name="viewport">} applies). Reload or open a page afterwards to lay it out from scratch.
     */
    public Browser emulatePhone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        return this;
    }

    /** Width of the layout viewport (CSS pixels), and how wide the document's content is. */
    public record Layout(long viewportWidth, long contentWidth) {

        /** Whether the page would scroll sideways. */
        public boolean scrollsHorizontally() {
            return contentWidth > viewportWidth;
        }
    }

    /** The current page's layout width against its viewport's. */
    public Layout layout() {
        @SuppressWarnings("unchecked")
        Map<String, Object> sizes = (Map<String, Object>) script("var d = document.documentElement;"
                + " return {viewport: d.clientWidth, content: Math.max(d.scrollWidth, document.body.scrollWidth)};");
        return new Layout(((Number) sizes.get("viewport")).longValue(), ((Number) sizes.get("content")).longValue());
    }

    /**
     * Every URL the current page has fetched besides itself (scripts, styles, images, fonts, fetch and XHR calls),
     * from the Resource Timing API: an empty list means the page loaded nothing from anywhere.
     */
    @SuppressWarnings("unchecked")
    public List<String> resourcesLoaded() {
        return (List<String>) script("return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
    }

    /**
     * The browser console's errors since the last call: failed loads, refused content (Content-Security-Policy),
     * uncaught script errors.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a profile left in the temporary directory is harmless
        }
    }
}
