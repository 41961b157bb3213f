package org.maskrecommender.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.testkit.HostileRequests;

/**
 * {@code recommend --requests}: every input line answered, in order, one line each, bad bytes and blank lines
 * included, and a summary that counts what was printed; {@code recommend --request} exits 1 on an error answer,
 * wrapped in an HTTP answer or not.
 */
class RecommendBatchTest {

    @TempDir
    static Path home;

    private static final ObjectMapper MAPPER = Json.newMapper();

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

    @BeforeAll
    static void train() {
        Run trained = run("train", "--sample-users", "300", "--json");
        assertThat(trained.status()).as(trained.err()).isZero();
    }

    private static String http(String body) throws Exception {
        return "{\"headers\": {}, \"requestContext\": {}, \"body\": " + MAPPER.writeValueAsString(body) + "}";
    }

    @Test
    void everyLineIsAnsweredInOrderBadBytesAndBlankLinesIncluded() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes((HostileRequests.GOOD + "\n").getBytes(UTF_8));                          // 1 ok
        file.writeBytes("{\"method\": \"".getBytes(UTF_8));                                      // 2 not UTF-8
        file.write(0xff);
        file.writeBytes("\"}\n".getBytes(UTF_8));
        file.writeBytes("\n".getBytes(UTF_8));                                                   // 3 blank
        file.writeBytes("   \r\n".getBytes(UTF_8));                                              // 4 blank, CRLF
        file.writeBytes((http("{\"limit\": 0}") + "\n").getBytes(UTF_8));                        // 5 HTTP 400
        file.writeBytes(("{\"method\": \"warmup\"}\r\n").getBytes(UTF_8));                       // 6 ok, CRLF
        file.writeBytes((http(HostileRequests.GOOD)).getBytes(UTF_8));                           // 7 HTTP ok, no LF
        Path batch = home.resolve("hostile.jsonl");
        Files.write(batch, file.toByteArray());

        Run r = run("recommend", "--requests", batch.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("\tat ").contains("answered 7 requests (4 errors)");
        List<JsonNode> answers = r.out().lines().map(RecommendBatchTest::parse).toList();
        assertThat(answers).hasSize(7);
        assertThat(answers.get(0).path("recommendations")).hasSize(3);
        assertThat(answers.get(1).path("error").path("message").asText()).contains("not UTF-8");
        assertThat(answers.get(2).path("error").path("message").asText()).contains("empty");
        assertThat(answers.get(3).path("error").path("message").asText()).contains("empty");
        assertThat(answers.get(4).path("statusCode").asInt()).isEqualTo(400);
        assertThat(answers.get(5).path("status").asText()).isEqualTo("warm");
        assertThat(answers.get(6).path("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void everyHostileRequestGetsItsOwnLine() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int lines = 0;
        for (HostileRequests.Case c : HostileRequests.all()) {
            if (indexOf(c.event(), (byte) '\n') < 0 && c.event().length < 2_000_000) { // one line each
                file.writeBytes(c.event());
                file.write('\n');
                lines++;
            }
        }
        file.writeBytes(HostileRequests.GOOD.getBytes(UTF_8));
        Path batch = home.resolve("all-hostile.jsonl");
        Files.write(batch, file.toByteArray());

        Run r = run("recommend", "--requests", batch.toString());

        assertThat(r.status()).isZero();
        List<JsonNode> answers = r.out().lines().map(RecommendBatchTest::parse).toList();
        assertThat(answers).hasSize(lines + 1);
        assertThat(answers.get(lines).path("recommendations")).hasSize(3);
        assertThat(r.err()).contains("answered " + (lines + 1) + " requests (" + lines + " errors)");
    }

    @Test
    void aRequestFileAnsweredWithAnHttpErrorExitsOne() throws Exception {
        Path request = home.resolve("http-400.json");
        Files.writeString(request, http("{\"facial_measurements\": " + HostileRequests.FACE + ", \"limit\": -1}"));

        Run table = run("recommend", "--request", request.toString());
        assertThat(table.status()).isEqualTo(1);
        assertThat(table.err()).contains("error [invalid_request]: limit must be a positive integer");
        assertThat(table.out()).isEmpty();

        Run json = run("recommend", "--request", request.toString(), "--json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(parse(json.out().strip()).path("statusCode").asInt()).isEqualTo(400);
    }

    @Test
    void aModelThatCannotBeLoadedShowsTheOperatorTheReason() throws Exception {
        Run r = run("recommend", "--face", "nose=52,chin=98,top_cheek=110,mid_cheek=108,strap=250", "--store",
                home.resolve("empty-store").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error [model_unavailable]: ").contains("reason: ")
                .contains(home.resolve("empty-store").toString());
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
