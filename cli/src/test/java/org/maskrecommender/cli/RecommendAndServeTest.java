package org.maskrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.domain.Measurement;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;
import org.maskrecommender.training.SampleModels;

class RecommendAndServeTest {

    @TempDir
    static Path home;

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static String version;
    private static final String FACE = "nose=52,chin=98,top_cheek=110,mid_cheek=108,strap=250";

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (CliContext context = new CliContext(Map.of(), home, new PrintWriter(out), new PrintWriter(err))) {
            int status = MaskRecommenderCli.run(context, args);
            context.out().flush();
            context.err().flush();
            return new Run(status, out.toString(), err.toString());
        }
    }

    /** A real model (trained once per JVM, see {@link SampleModels}) in the default store, where recommend looks. */
    @BeforeAll
    static void publish() {
        version = SampleModels.publish(new LocalBlobStore(home.resolve("model-store/staging")), Environment.STAGING, 200);
    }

    @Test
    void faceGivesARankedTable() {
        Run r = run("recommend", "--face", FACE, "--limit", "4");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("rank").contains("mask").contains("style").contains("strap").contains("probability");
        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).startsWith("   1  ");
        assertThat(lines.get(5)).contains(version);
    }

    @Test
    void theTableShowsEachMasksSizeAgainstTheBestAndTheFitTestsBehindIt() throws Exception {
        List<String> lines = run("recommend", "--face", FACE, "--limit", "5").out().lines().toList();
        JsonNode recs = MAPPER.readTree(run("recommend", "--face", FACE, "--limit", "5", "--json").out())
                .path("recommendations");
        assertThat(lines.get(0)).contains("diff mm").contains("size").endsWith("support");
        for (int i = 0; i < 5; i++) {
            JsonNode rec = recs.get(i);
            assertThat(lines.get(i + 1))
                    .contains(String.format(java.util.Locale.ROOT, "%+.1f", rec.path("perimeter_diff_mm").asDouble()))
                    .contains(" " + rec.path("size_fit").path("verdict").asText() + " ")
                    .endsWith(" " + rec.path("support").asInt());
        }
    }

    @Test
    void aDefaultResponseFormatOfBreathesafeAnswersTheAppsRequestsAsTheFunctionSetUpForItWould() throws Exception {
        Path request = home.resolve("app-request.json");
        Files.writeString(request, "{\"method\": \"infer\", \"facial_measurements\": {\"nose_mm\": 52, \"chin_mm\": 98,"
                + " \"top_cheek_mm\": 110, \"mid_cheek_mm\": 108, \"strap_mm\": 250}, \"model_type\": \"custom_lr\"}");
        Run legacy = run("recommend", "--request", request.toString(), "--json", "--default-response-format",
                "breathesafe");
        assertThat(legacy.status()).as(legacy.err()).isZero();
        assertThat(MAPPER.readTree(MAPPER.readTree(legacy.out()).path("body").asText()).path("mask_id").size())
                .isGreaterThan(10);
        Run strict = run("recommend", "--request", request.toString());
        assertThat(strict.status()).isEqualTo(1);
        assertThat(strict.err()).contains("facial_hair_beard_length_mm is required");
        Run wrong = run("recommend", "--face", FACE, "--default-response-format", "xml");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("\"default\" or \"breathesafe\"");
    }

    @Test
    void jsonOutputIsTheFunctionResponse() throws Exception {
        Run r = run("recommend", "--face", FACE + ",beard=3", "--limit", "2", "--json");
        assertThat(r.status()).isZero();
        JsonNode response = MAPPER.readTree(r.out());
        assertThat(response.path("recommendations")).hasSize(2);
        assertThat(response.path("model").path("version").asText()).isEqualTo(version);
    }

    @Test
    void badFaceIsRefusedWithTheRule() {
        Run r = run("recommend", "--face", "nose=52,chin=-98,top_cheek=110,mid_cheek=108,strap=250");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error [invalid_request]").contains("chin_mm");
        Run unknown = run("recommend", "--face", "nose=52,ear=3");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("ear=3");
    }

    @Test
    void requestFileTakesAWholeEvent() throws Exception {
        Path request = home.resolve("request.json");
        Files.writeString(request, "{\"facial_measurements\": {\"nose_mm\": 52, \"chin_mm\": 98, \"top_cheek_mm\": 110,"
                + " \"mid_cheek_mm\": 108, \"strap_mm\": 250, \"facial_hair_beard_length_mm\": 0},"
                + " \"mask_ids\": [1, 2], \"response_format\": \"breathesafe\"}");
        Run r = run("recommend", "--request", request.toString(), "--json");
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode legacy = MAPPER.readTree(r.out());
        assertThat(legacy.path("statusCode").asInt()).isEqualTo(200);
        assertThat(MAPPER.readTree(legacy.path("body").asText()).path("mask_id").size()).isEqualTo(2);
    }

    @Test
    void batchAnswersEveryLineInOrderAndABadLineGetsItsOwnError() throws Exception {
        String good = "{\"facial_measurements\": {\"nose_mm\": 52, \"chin_mm\": 98, \"top_cheek_mm\": 110,"
                + " \"mid_cheek_mm\": 108, \"strap_mm\": 250, \"facial_hair_beard_length_mm\": 0}, \"limit\": %d}";
        Path batch = home.resolve("requests.jsonl");
        Files.writeString(batch, String.format(good, 1) + "\n{broken\n" + String.format(good, 3) + "\n\n"
                + "{\"method\": \"warmup\"}\n");
        Run r = run("recommend", "--requests", batch.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<JsonNode> responses = r.out().lines().map(RecommendAndServeTest::parse).toList();
        assertThat(responses).hasSize(5); // the blank line is answered too, so answers line up with lines
        assertThat(responses.get(0).path("recommendations")).hasSize(1);
        assertThat(responses.get(1).path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(responses.get(2).path("recommendations")).hasSize(3);
        assertThat(responses.get(3).path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(responses.get(4).path("status").asText()).isEqualTo("warm");
        assertThat(r.err()).contains("answered 5 requests (2 errors)");
    }

    @Test
    void serveAnswersPostedEventsOverHttp() throws Exception {
        ModelStore store = new ModelStore(new LocalBlobStore(home.resolve("model-store/staging")), MAPPER);
        StringWriter log = new StringWriter();
        try (ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER));
             LocalFunctionServer server = new LocalFunctionServer(new InferenceService(holder, MAPPER), MAPPER,
                     "127.0.0.1", 0, new PrintWriter(log)).start()) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/");
            String event = "{\"facial_measurements\": {\"nose_mm\": 52, \"chin_mm\": 98, \"top_cheek_mm\": 110,"
                    + " \"mid_cheek_mm\": 108, \"strap_mm\": 250, \"facial_hair_beard_length_mm\": 0}, \"limit\": 2}";
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(event))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(MAPPER.readTree(ok.body()).path("recommendations")).hasSize(2);

            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(MAPPER.readTree(bad.body()).path("error").path("code").asText()).isEqualTo("invalid_request");

            HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString(event))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
            assertThat(MAPPER.readTree(put.body()).path("error").path("code").asText()).isEqualTo("method_not_allowed");
            HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(uri.resolve("/index.html")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(elsewhere.statusCode()).isEqualTo(405);
            assertThat(elsewhere.headers().firstValue("Allow")).hasValue("POST");
        }
        List<String> lines = log.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(MAPPER.readTree(lines.get(0)).path("outcome").asText()).isEqualTo("ok");
        assertThat(MAPPER.readTree(lines.get(1)).path("outcome").asText()).isEqualTo("invalid_request");
    }

    /** GET / is the page to try the model: self-contained, and allowed to run nothing but its own inline code. */
    @Test
    void serveAnswersGetWithTheTryPage() throws Exception {
        ModelStore store = new ModelStore(new LocalBlobStore(home.resolve("model-store/staging")), MAPPER);
        StringWriter log = new StringWriter();
        try (ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER));
             LocalFunctionServer server = new LocalFunctionServer(new InferenceService(holder, MAPPER), MAPPER,
                     "127.0.0.1", 0, new PrintWriter(log)).start()) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).startsWith("default-src 'none';").contains("script-src 'sha256-")
                    .contains("style-src 'sha256-").contains("connect-src 'self'")
                    .doesNotContain("unsafe-inline").doesNotContain("http");
            assertThat(page.body()).contains("<form id=\"face\"")
                    .doesNotContain("src=").doesNotContain("http://").doesNotContain("https://").doesNotContain("@import");
            for (Measurement m : Measurement.values()) {
                assertThat(page.body()).contains("<input id=\"" + m.field() + "\" name=\"" + m.field() + "\"");
                assertThat(page.body()).contains((long) m.minMm() + " to " + (long) m.maxMm() + " mm");
            }
        }
        assertThat(log.toString()).as("the page is not an invocation").isEmpty();
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
