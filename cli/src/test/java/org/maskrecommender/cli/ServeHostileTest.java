package org.maskrecommender.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;
import org.maskrecommender.testkit.HostileRequests;

/**
 * {@code serve} under hostile clients: every bad request of {@link HostileRequests} answered {@code invalid_request}
 * with a message a caller can act on, garbage at the HTTP level survived, and a normal request still answered while
 * slow clients hold connections open halfway through their requests.
 */
class ServeHostileTest {

    @TempDir
    static Path home;

    private static final ObjectMapper MAPPER = Json.newMapper();
    /** Generous: an answer takes milliseconds; this only bounds how long a broken server makes the test wait. */
    private static final long ANSWER_SECONDS = 10;

    private static ModelHolder holder;
    private static LocalFunctionServer server;
    private static final StringWriter LOG = new StringWriter();
    private static HttpClient http;
    private static URI uri;

    @BeforeAll
    static void trainAndServe() throws Exception {
        StringWriter err = new StringWriter();
        try (CliContext context = new CliContext(Map.of(), home, new PrintWriter(new StringWriter()), new PrintWriter(err))) {
            assertThat(MaskRecommenderCli.run(context, "train", "--sample-users", "300")).as(err.toString()).isZero();
        }
        ModelStore store = new ModelStore(new LocalBlobStore(home.resolve("model-store/staging")), MAPPER);
        holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER));
        server = new LocalFunctionServer(new InferenceService(holder, MAPPER), MAPPER, "127.0.0.1", 0,
                new PrintWriter(LOG)).start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        uri = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
        holder.close();
    }

    static List<HostileRequests.Case> cases() {
        return HostileRequests.all();
    }

    /** A status and a body. */
    private record Answer(int status, String body) {
    }

    private static Answer post(byte[] body) throws Exception {
        if (body.length > InferenceService.MAX_EVENT_BYTES) {
            return postExpectingContinue(body);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(ANSWER_SECONDS))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .get(ANSWER_SECONDS, TimeUnit.SECONDS);
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * A large body the way curl sends one: headers with {@code Expect: 100-continue} first, the body only after a
     * {@code 100 Continue}. (Java 17's HttpClient waits forever when the answer to that is not 100.)
     */
    private static Answer postExpectingContinue(byte[] body) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                String head = head(in);
                if (head.startsWith("HTTP/1.1 100")) {
                    out.write(body);
                    out.flush();
                    head = head(in);
                }
                String rest = new String(in.readAllBytes(), UTF_8);
                return new Answer(Integer.parseInt(head.substring(9, 12)), rest);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(ANSWER_SECONDS, TimeUnit.SECONDS);
    }

    /** A response's status line and headers, up to the blank line. */
    private static String head(InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isInvalidRequestWithAMessageACallerCanActOn(HostileRequests.Case c) throws Exception {
        Answer response = post(c.event());

        assertThat(response.status()).as(response.body()).isIn(200, 413);
        JsonNode answer = MAPPER.readTree(response.body());
        if (c.http() && response.status() == 200) {
            assertThat(answer.path("statusCode").asInt()).isEqualTo(400);
            answer = MAPPER.readTree(answer.path("body").asText());
        }
        JsonNode error = answer.path("error");
        assertThat(error.path("code").asText()).as(answer.toString()).isEqualTo("invalid_request");
        assertThat(HostileRequests.problems(error.path("message").asText(), c)).isEmpty();
        assertStillAnswering();
    }

    @Test
    void garbageAtTheHttpLevelLeavesTheServerAnswering() throws Exception {
        List<String> raw = List.of(
                "GARBAGE\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(100_000) + "\r\nContent-Length: 2\r\n\r\n{}",
                "POST /" + "p".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{}",        // shorter body than announced
                "\u0000\u0001\u0002\r\n\r\n");
        for (String request : raw) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout(2000);
                socket.getOutputStream().write(request.getBytes(UTF_8));
                socket.getOutputStream().flush();
                socket.shutdownOutput();
                drain(socket.getInputStream());
            } catch (java.io.IOException e) {
                // the server may close on garbage at once: what matters is that it answers the next client
            }
            assertStillAnswering();
        }
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
    }

    @Test
    void stalledClientsDoNotKeepOthersWaiting() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                String head = i % 2 == 0
                        ? "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
                                + "{\"facial_measurements\": "      // headers and part of the body, then nothing
                        : "POST / HTTP/1.1\r\nHost: x\r\nContent-Le"; // part of the headers, then nothing
                s.getOutputStream().write(head.getBytes(UTF_8));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            for (int i = 0; i < 3; i++) {
                assertStillAnswering();
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    /** A normal request is answered with recommendations within {@link #ANSWER_SECONDS}. */
    private static void assertStillAnswering() throws Exception {
        CompletableFuture<HttpResponse<String>> ok = http.sendAsync(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(HostileRequests.GOOD)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response = ok.get(ANSWER_SECONDS, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body()).path("recommendations")).hasSize(3);
    }

    private static void drain(InputStream in) throws java.io.IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) != -1) {
            // the answer, if any, is not what this test checks
        }
    }
}
