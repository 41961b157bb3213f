package org.maskrecommender.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;

/**
 * The limits of {@code serve}: TCP_NODELAY on, a body that stops arriving answered 408 and its connection closed,
 * a body over the limit answered 413 without being read. No model is needed: the requests here never reach one.
 */
class ServeLimitsTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final LocalFunctionServer.Settings SETTINGS = new LocalFunctionServer.Settings(1000,
            Duration.ofMillis(500), Duration.ofSeconds(30), 2, 4);

    @TempDir
    Path dir;

    private LocalFunctionServer server;

    @BeforeEach
    void start() {
        ModelHolder noModel = new ModelHolder(ModelLoader.latest(new ModelStore(new LocalBlobStore(dir), MAPPER),
                Environment.STAGING, MAPPER));
        server = new LocalFunctionServer(new InferenceService(noModel, MAPPER), MAPPER, "127.0.0.1", 0,
                new PrintWriter(new StringWriter()), SETTINGS).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void nagleIsOff() {
        assertThat(server.tcpNoDelay()).isTrue();
    }

    @Test
    void aBodyThatStopsArrivingIsAnswered408AndTheConnectionClosed() throws Exception {
        String response = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"limit\":");
        assertThat(response).startsWith("HTTP/1.1 408").contains("request_timeout").contains("did not arrive");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeItIsSent() throws Exception {
        String response = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413").doesNotContain("100 Continue")
                .contains("invalid_request").contains("the request is 5000000 bytes; at most 1000 bytes");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        String chunk = "x".repeat(600);
        String response = exchange("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        assertThat(response).startsWith("HTTP/1.1 413").contains("more than 1000 bytes");
    }

    @Test
    void aSmallBodyAfterExpectContinueIsRead() throws Exception {
        String response = exchange("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\nExpect: 100-continue\r\n"
                + "Connection: close\r\n\r\n{\"limit\": 0}");
        assertThat(response).startsWith("HTTP/1.1 100 Continue").contains("HTTP/1.1 200").contains("invalid_request");
    }

    /** Sends raw bytes and reads until the server closes the connection, within a generous bound. */
    private String exchange(String request) throws Exception {
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.getOutputStream().write(request.getBytes(UTF_8));
                socket.getOutputStream().flush();
                return readAll(socket.getInputStream());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return answer.get(10, TimeUnit.SECONDS);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        try {
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after the answer: the answer is what counts
        }
        return out.toString(UTF_8);
    }
}
