package org.maskrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.maskrecommender.core.domain.Measurement;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;
import org.maskrecommender.testkit.browser.Browser;
import org.maskrecommender.training.SampleModels;

/**
 * The page {@code serve} answers {@code GET /} with, used as a person would: in headless Chromium, with the keyboard
 * alone, at desktop and phone width, against a server on a real published model.
 */
class TryPageBrowserTest {

    @TempDir
    static Path home;

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String[] FACE = {"52", "98", "110", "108", "250", "0"};

    private static ModelHolder holder;
    private static LocalFunctionServer server;
    private static Browser browser;
    private static URI root;
    private static String version;

    @BeforeAll
    static void start() {
        LocalBlobStore blobs = new LocalBlobStore(home.resolve("store"));
        version = SampleModels.publish(blobs, Environment.STAGING, 200);
        holder = new ModelHolder(ModelLoader.latest(new ModelStore(blobs, MAPPER), Environment.STAGING, MAPPER));
        server = new LocalFunctionServer(new InferenceService(holder, MAPPER), MAPPER, "127.0.0.1", 0,
                new PrintWriter(new StringWriter())).start();
        root = URI.create("http://127.0.0.1:" + server.port() + "/");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (holder != null) {
            holder.close();
        }
    }

    @BeforeEach
    void desktop() {
        browser.emulatePhone(1280, 900);
        browser.consoleErrors(); // each test starts from an empty console
    }

    /** Opens the page and waits for its warmup answer, which names the model. */
    private void openPage() {
        browser.open(root);
        browser.waitUntil("the warmup answer naming model " + version, d -> d.findElement(By.id("model")).getText().contains(version));
    }

    /** Tabs from the top of a freshly opened page through the six measurement fields, typing a value into each. */
    private void typeFace(String... values) {
        Measurement[] fields = Measurement.values();
        for (int i = 0; i < fields.length; i++) {
            browser.press(Keys.TAB);
            WebElement field = browser.focused();
            assertThat(field.getAttribute("id")).as("tab stop %d", i + 1).isEqualTo(fields[i].field());
            browser.selectAll().press(values[i]);
        }
    }

    private List<WebElement> ranked() {
        return browser.driver().findElements(By.cssSelector("#ranking > li"));
    }

    @Test
    void measurementsTypedWithTheKeyboardAreRankedAsTheFunctionRanksThem() throws Exception {
        openPage();
        List<String> labels = List.of("Nose", "Chin", "Top cheek", "Mid cheek", "Strap", "Beard length");
        for (Measurement m : Measurement.values()) {
            WebElement field = browser.driver().findElement(By.id(m.field()));
            assertThat(field.getAccessibleName()).as("label of %s", m.field()).isEqualTo(labels.get(m.ordinal()));
        }
        typeFace(FACE);
        assertThat(browser.focused().getCssValue("outline-style")).as("focus is visible").isNotEqualTo("none");
        // On to the limit: the filters have nothing to tab through before the first ranking.
        browser.press(Keys.TAB);
        assertThat(browser.focused().getAttribute("id")).isEqualTo("limit");
        browser.selectAll().press("5", Keys.ENTER);

        List<WebElement> items = browser.waitUntil("5 ranked masks", d -> ranked().size() == 5 ? ranked() : null);
        JsonNode expected = post("{\"facial_measurements\": {\"nose_mm\": 52, \"chin_mm\": 98, \"top_cheek_mm\": 110,"
                + " \"mid_cheek_mm\": 108, \"strap_mm\": 250, \"facial_hair_beard_length_mm\": 0}, \"limit\": 5}")
                .path("recommendations");
        List<Double> shown = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            WebElement item = items.get(i);
            JsonNode answer = expected.get(i);
            assertThat(item.findElement(By.className("rank")).getText()).isEqualTo((i + 1) + ".");
            assertThat(item.findElement(By.className("name")).getText())
                    .isEqualTo(answer.path("unique_internal_model_code").asText());
            String percent = item.findElement(By.className("proba")).getText();
            assertThat(percent).isEqualTo(String.format(Locale.ROOT, "%.1f %%", 100 * answer.path("proba_fit").asDouble()));
            shown.add(Double.parseDouble(percent.replace(" %", "")));
            WebElement bar = item.findElement(By.className("bar"));
            WebElement fill = item.findElement(By.className("bar-fill"));
            double inner = ((Number) browser.script("return arguments[0].clientWidth;", bar)).doubleValue();
            assertThat(fill.getRect().getWidth() / inner).as("bar of rank %d", i + 1)
                    .isCloseTo(answer.path("proba_fit").asDouble(), within(1.5 / inner));
            assertThat(item.findElement(By.className("kind")).getText()).contains(answer.path("style").asText());
        }
        assertThat(shown).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(shown.get(0)).isGreaterThan(shown.get(4)); // bars of different lengths, not one width for all
        assertThat(browser.driver().findElement(By.id("alert")).getText()).isEmpty();
        assertThat(browser.resourcesLoaded()).as("nothing but the function is fetched")
                .allSatisfy(url -> assertThat(url).isEqualTo(root.toString()));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aStrapTypeChosenWithTheKeyboardKeepsOnlyMasksWithIt() {
        openPage();
        typeFace(FACE);
        browser.press(Keys.ENTER);
        browser.waitUntil("a ranking", d -> !ranked().isEmpty());
        List<WebElement> styles = browser.driver().findElements(By.cssSelector("#styles input[type=checkbox]"));
        List<WebElement> straps = browser.driver().findElements(By.cssSelector("#straps input[type=checkbox]"));
        assertThat(styles).as("the styles of the model's catalogue are offered").isNotEmpty();
        assertThat(straps).as("the strap types of the model's catalogue are offered").isNotEmpty();
        WebElement firstItem = ranked().get(0);

        // Still in the beard field: past every style, the next tab stop is the first strap type. Tick it with Space.
        assertThat(browser.focused().getAttribute("id")).isEqualTo("facial_hair_beard_length_mm");
        for (int i = 0; i <= styles.size(); i++) {
            browser.press(Keys.TAB);
        }
        WebElement box = browser.focused();
        assertThat(box.getAttribute("name")).isEqualTo("strap");
        String strap = box.getAttribute("value");
        browser.press(Keys.SPACE);
        assertThat(box.isSelected()).isTrue();
        for (int i = 1; i <= straps.size(); i++) {
            browser.press(Keys.TAB); // to the limit field, where Enter submits
        }
        assertThat(browser.focused().getAttribute("id")).isEqualTo("limit");
        browser.press(Keys.ENTER);
        browser.waitUntil("the ranking to be redrawn", ExpectedConditions.stalenessOf(firstItem));

        List<WebElement> items = browser.waitUntil("a filtered ranking", d -> ranked().isEmpty() ? null : ranked());
        assertThat(items).allSatisfy(item ->
                assertThat(item.findElement(By.className("kind")).getText()).contains(" · " + strap + " · "));
    }

    @Test
    void anInvalidMeasurementIsExplainedInTheAlertRegion() {
        openPage();
        typeFace("52", "900", "110", "108", "250", "0");
        browser.press(Keys.ENTER);

        WebElement alert = browser.driver().findElement(By.id("alert"));
        String message = browser.waitUntil("an alert", d -> alert.getText().isEmpty() ? null : alert.getText());
        assertThat(alert.getAttribute("role")).isEqualTo("alert");
        assertThat(message).contains("chin_mm").contains("900").contains("between 20 and 250");
        assertThat(browser.focused().getAttribute("id")).as("focus goes to the field named").isEqualTo("chin_mm");
        assertThat(browser.focused().getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver().findElement(By.id("results")).isDisplayed()).isFalse();

        // Corrected, the same form ranks and the alert is gone.
        browser.selectAll().press("98", Keys.ENTER);
        browser.waitUntil("a ranking", d -> !ranked().isEmpty());
        assertThat(alert.getText()).isEmpty();
        assertThat(browser.driver().findElement(By.id("chin_mm")).getAttribute("aria-invalid")).isNull();
    }

    @Test
    void atPhoneWidthNothingScrollsSideways() {
        browser.emulatePhone(360, 740);
        openPage();
        typeFace(FACE);
        browser.press(Keys.ENTER);
        browser.waitUntil("10 ranked masks", d -> ranked().size() == 10);

        Browser.Layout layout = browser.layout();
        assertThat(layout.viewportWidth()).as("laid out for the phone's width").isEqualTo(360);
        assertThat(layout.scrollsHorizontally()).as("content %d px wide", layout.contentWidth()).isFalse();
        for (WebElement item : ranked()) {
            assertThat(item.getRect().getX() + item.getRect().getWidth()).isLessThanOrEqualTo(360);
        }
    }

    private static JsonNode post(String event) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(root)
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(response.body());
    }
}
