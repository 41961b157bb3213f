package org.maskrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.testkit.browser.Browser;
import org.maskrecommender.training.SampleModels;

/**
 * A published version's model card as a person sees it: opened from the store's directory in headless Chromium
 * (no server, no network), its charts are drawn (curves with a length, calibration bars with a size), its tables
 * have rows, and it fetched nothing and logged no error.
 */
class ModelCardBrowserTest {

    @TempDir
    static Path store;

    private static Browser browser;
    private static Path card;

    @BeforeAll
    static void publishAndOpen() {
        String version = SampleModels.publish(new LocalBlobStore(store), Environment.STAGING, 200);
        card = store.resolve("models").resolve(version).resolve("model-card.html");
        assertThat(card).exists();
        browser = Browser.start();
        browser.consoleErrors();
        browser.open(card.toUri());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    /** The rendered length of an SVG shape, in the chart's units: zero when the browser drew nothing. */
    private static double drawnLength(WebElement shape) {
        return ((Number) browser.script("return arguments[0].getTotalLength();", shape)).doubleValue();
    }

    private static double drawnArea(WebElement shape) {
        return ((Number) browser.script("var b = arguments[0].getBBox(); return b.width * b.height;", shape))
                .doubleValue();
    }

    @Test
    void theEvaluationCurvesAndTheCalibrationBarsAreDrawn() {
        for (String chart : List.of("roc-chart", "pr-chart")) {
            List<WebElement> curves = browser.driver().findElements(By.cssSelector("#" + chart + " polyline.curve"));
            assertThat(curves).as(chart).isNotEmpty();
            assertThat(drawnLength(curves.get(0))).as(chart + " drawn").isGreaterThan(50);
        }
        List<WebElement> bars = browser.driver().findElements(By.cssSelector("#calibration-chart rect.count-bar"));
        assertThat(bars).isNotEmpty();
        assertThat(bars.stream().mapToDouble(ModelCardBrowserTest::drawnArea).sum()).isGreaterThan(0);
    }

    @Test
    void theTablesAndTheSizeCurvesAreThere() {
        assertThat(browser.driver().findElements(By.cssSelector("#candidate-table tbody tr"))).isNotEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#subgroup-table tbody tr"))).hasSizeGreaterThan(2);
        assertThat(browser.driver().findElement(By.id("gate-decision")).getText()).isNotBlank();
        List<WebElement> sizeCurves = browser.driver().findElements(By.cssSelector("figure.size-curve"));
        assertThat(sizeCurves).isNotEmpty();
        for (WebElement figure : sizeCurves) {
            WebElement curve = figure.findElement(By.cssSelector("polyline.curve"));
            assertThat(drawnLength(curve)).as(figure.getAttribute("data-style")).isGreaterThan(0);
        }
    }

    @Test
    void itOpensOfflineWithoutFetchingAnythingOrAnError() throws Exception {
        assertThat(Files.readString(card)).doesNotContain("http://").doesNotContain("https://");
        assertThat(browser.resourcesLoaded()).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
