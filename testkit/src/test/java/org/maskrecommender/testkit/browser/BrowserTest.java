package org.maskrecommender.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** The detectors tests rely on must see what they claim to: each is shown a page that has the fault. */
class BrowserTest {

    private static Browser browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private Path page(String body) throws Exception {
        Path file = Files.createTempFile(dir, "page", ".html");
        Files.writeString(file, "<!doctype html><html><head><meta charset=utf-8>"
                + "<meta name=viewport content=\"width=device-width, initial-scale=1\"></head><body>" + body
                + "</body></html>");
        return file;
    }

    @Test
    void keyboardTypingGoesToTheFocusedField() throws Exception {
        browser.open(page("<label for=a>A</label><input id=a><label for=b>B</label><input id=b>").toUri());
        browser.press(Keys.TAB, "12", Keys.TAB, "34");
        assertThat(browser.focused().getAttribute("id")).isEqualTo("b");
        assertThat(browser.driver().findElement(By.id("a")).getDomProperty("value")).isEqualTo("12");
        String typed = browser.waitUntil("the second field's value", d -> d.findElement(By.id("b")).getDomProperty("value"));
        assertThat(typed).isEqualTo("34");
    }

    @Test
    void aPageWiderThanAPhoneIsSeenToScrollSideways() throws Exception {
        Path wide = page("<div id=w>wide</div><script>document.getElementById('w').style.width = '500px';</script>");
        Path narrow = page("<p>fits</p>");
        try {
            browser.emulatePhone(360, 740);
            browser.open(wide.toUri());
            Browser.Layout layout = browser.layout();
            assertThat(layout.viewportWidth()).isEqualTo(360);
            assertThat(layout.scrollsHorizontally()).as("500 px of content in 360 px").isTrue();
            browser.open(narrow.toUri());
            assertThat(browser.layout().scrollsHorizontally()).isFalse();
        } finally {
            browser.emulatePhone(1280, 900);
        }
    }

    @Test
    void scriptErrorsAndOutsideLoadsAreReported() throws Exception {
        browser.consoleErrors(); // start from an empty log
        browser.open(page("<img src=\"http://127.0.0.1:9/nothing.png\" alt=\"\"><script>undefinedFunction();</script>")
                .toUri());
        assertThat(browser.resourcesLoaded()).anySatisfy(url -> assertThat(url).startsWith("http://127.0.0.1:9/"));
        List<String> errors = browser.waitUntil("a console error", d -> {
            List<String> logged = browser.consoleErrors();
            return logged.isEmpty() ? null : logged;
        });
        assertThat(errors).anySatisfy(message -> assertThat(message).contains("undefinedFunction"));
    }
}
