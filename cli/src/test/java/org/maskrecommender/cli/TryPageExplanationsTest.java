package org.maskrecommender.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.testkit.browser.Browser;

/**
 * How the page draws the parts of an answer the real function may or may not send (a recommendation's size fit,
 * support and family; filtered answers), and which filters it sends. The answers are written here, so every shape
 * is shown: the page is the one {@code serve} sends, the server a stand-in that records the requests.
 */
class TryPageExplanationsTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String MODEL = "{\"version\": \"20261201T000000Z-test\", \"environment\": \"staging\","
            + " \"trained_at\": \"2026-12-01T00:00:00Z\", \"metrics\": {\"roc_auc\": 0.8}}";
    private static final String[] MASKS = {
        "{\"rank\": 1, \"mask_id\": 42, \"proba_fit\": 0.8, \"unique_internal_model_code\": \"Harbor Boat L\","
                + " \"style\": \"Boat\", \"strap_type\": \"Headstrap\", \"perimeter_diff_mm\": 28.1,"
                + " \"size_fit\": {\"best_perimeter_diff_mm\": 12.0, \"verdict\": \"larger_than_best\"},"
                + " \"support\": 354, \"family_seen\": true}",
        "{\"rank\": 2, \"mask_id\": 7, \"proba_fit\": 0.5, \"unique_internal_model_code\": \"Everfit Cup S\","
                + " \"style\": \"Cup\", \"strap_type\": \"Earloop\", \"perimeter_diff_mm\": -3.5,"
                + " \"size_fit\": {\"best_perimeter_diff_mm\": -2.0, \"verdict\": \"near_best\"},"
                + " \"support\": 0, \"family_seen\": false}",
        "{\"rank\": 3, \"mask_id\": 9, \"proba_fit\": 0.2, \"unique_internal_model_code\": \"Unknown kind\","
                + " \"style\": null, \"strap_type\": null, \"perimeter_diff_mm\": 55.0,"
                + " \"size_fit\": {\"best_perimeter_diff_mm\": 12.0, \"verdict\": \"larger_than_best\"},"
                + " \"support\": null, \"family_seen\": false}"};

    private static final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private static HttpServer server;
    private static Browser browser;
    private static URI root;

    @BeforeAll
    static void start() throws IOException {
        TryPage page = TryPage.load();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                if ("GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                    exchange.getResponseHeaders().add("Content-Security-Policy", page.contentSecurityPolicy());
                    send(exchange, page.html().getBytes());
                } else {
                    JsonNode request = MAPPER.readTree(exchange.getRequestBody());
                    requests.add(request);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    send(exchange, answer(request).getBytes(UTF_8));
                }
            }
        });
        server.start();
        root = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        browser = Browser.start();
    }

    /** The real function's answers in their new shape: filtered by style when asked. */
    private static String answer(JsonNode request) throws IOException {
        if ("warmup".equals(request.path("method").asText())) {
            return "{\"status\": \"warm\", \"masks\": 3, \"model\": " + MODEL + "}";
        }
        ArrayNode recommendations = MAPPER.createArrayNode();
        for (String mask : MASKS) {
            JsonNode r = MAPPER.readTree(mask);
            boolean kept = !request.has("styles");
            for (JsonNode style : request.path("styles")) {
                kept |= style.asText().equals(r.path("style").asText());
            }
            if (kept) {
                ((ObjectNode) r).put("rank", recommendations.size() + 1);
                recommendations.add(r);
            }
        }
        ObjectNode answer = MAPPER.createObjectNode();
        answer.set("recommendations", recommendations);
        answer.putArray("unknown_mask_ids");
        answer.putArray("unscored_mask_ids");
        answer.set("model", MAPPER.readTree(MODEL));
        return answer.toString();
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @BeforeEach
    void fresh() {
        requests.clear();
        browser.consoleErrors();
        browser.open(root);
        browser.waitUntil("the warmup answer", d -> d.findElement(By.id("model")).getText().contains("-test"));
    }

    private List<WebElement> rankFace() {
        browser.press(Keys.TAB, "52", Keys.TAB, "98", Keys.TAB, "110", Keys.TAB, "108", Keys.TAB, "250", Keys.TAB, "0",
                Keys.ENTER);
        return browser.waitUntil("a ranking", d -> {
            List<WebElement> items = d.findElements(By.cssSelector("#ranking > li"));
            return items.isEmpty() ? null : items;
        });
    }

    private static String text(WebElement item, String className) {
        List<WebElement> found = item.findElements(By.className(className));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    @Test
    void eachMaskShowsItsSizeVerdictAndSupport() {
        List<WebElement> items = rankFace();
        assertThat(items).hasSize(3);
        assertThat(text(items.get(0), "size")).isEqualTo("Size: larger than the best size. Perimeter 28.1 mm longer"
                + " than the face's (best for this face: 12.0 mm longer).");
        assertThat(text(items.get(0), "support")).isEqualTo("Support: 354 fit tests of its fit family in training");
        assertThat(text(items.get(1), "size")).contains("near the best size").contains("3.5 mm shorter")
                .contains("2.0 mm shorter");
        assertThat(text(items.get(1), "support")).contains("0 fit tests").contains("family not seen in training");
        assertThat(text(items.get(2), "kind")).isEqualTo("style unknown · strap unknown · mask 9");
        assertThat(text(items.get(2), "support")).startsWith("Support: not recorded for this model");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void filtersAreSentOnlyWhenChosen() {
        rankFace();
        JsonNode first = requests.stream().filter(r -> r.has("limit")).findFirst().orElseThrow();
        assertThat(first.path("response_format").asText()).isEqualTo("default");
        assertThat(first.has("styles")).isFalse();
        assertThat(first.has("strap_types")).isFalse();
        assertThat(first.path("facial_measurements").path("strap_mm").isNumber()).isTrue();

        WebElement boat = browser.driver().findElement(By.cssSelector("#styles input[value=Boat]"));
        List<WebElement> styles = browser.driver().findElements(By.cssSelector("#styles input[type=checkbox]"));
        assertThat(styles).extracting(box -> box.getAttribute("value")).containsExactly("Boat", "Cup");
        WebElement before = browser.driver().findElement(By.cssSelector("#ranking > li"));
        browser.press(Keys.TAB, Keys.SPACE); // from the beard field to the first style, Boat
        assertThat(boat.isSelected()).isTrue();
        requests.clear();
        browser.press(Keys.chord(Keys.SHIFT, Keys.TAB), Keys.ENTER);
        browser.waitUntil("the ranking to be redrawn", ExpectedConditions.stalenessOf(before));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).path("styles")).containsExactly(MAPPER.getNodeFactory().textNode("Boat"));
        assertThat(requests.get(0).has("strap_types")).isFalse();
        List<WebElement> items = browser.driver().findElements(By.cssSelector("#ranking > li"));
        assertThat(items).hasSize(1);
        assertThat(browser.driver().findElement(By.id("summary")).getText()).isEqualTo("1 mask, most likely to fit first.");
    }
}
