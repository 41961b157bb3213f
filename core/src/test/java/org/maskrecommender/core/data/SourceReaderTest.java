package org.maskrecommender.core.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.testkit.S3ProxyExtension;

class SourceReaderTest {

    @RegisterExtension
    static final S3ProxyExtension S3PROXY = new S3ProxyExtension();

    private static final Supplier<S3Client> NO_S3 = () -> {
        throw new AssertionError("only s3:// locations may ask for an S3 client");
    };

    private static final String FIT_TESTS_JSON = """
            {"fit_tests": [
              {"id": 1, "user_id": 10, "mask_id": 100, "fit_family_id": 7, "unique_internal_model_code": "Aero, \\"L\\"",
               "perimeter_mm": 402.5, "strap_type": "Headstrap", "style": "Bifold", "qlft_pass": true,
               "source_fit_test_id": "ft-1", "mask_modded": false, "facial_hair_beard_length_mm": 0,
               "nose_mm": 50.1, "chin_mm": 98.2, "top_cheek_mm": 115.3, "mid_cheek_mm": 110.4, "strap_mm": 250.5},
              {"id": 2, "user_id": 11, "mask_id": 101, "perimeter_mm": 310, "qlft_pass": "fail",
               "nose_mm": 40, "chin_mm": 80, "top_cheek_mm": 90, "mid_cheek_mm": 88, "strap_mm": 200}
            ]}
            """;

    private static final List<FitTestRow> FIT_TESTS = List.of(
            new FitTestRow(1L, 10L, 100L, 7L, "Aero, \"L\"", 402.5, "Headstrap", "Bifold", "true", "ft-1", false, 0.0,
                    50.1, 98.2, 115.3, 110.4, 250.5),
            new FitTestRow(2L, 11L, 101L, null, null, 310.0, null, null, "fail", null, null, null, 40.0, 80.0, 90.0,
                    88.0, 200.0));

    private final FitTestFile fitTestFile = new FitTestFile(new TabularReader(Json.newMapper()));
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private SourceReader reader(Supplier<S3Client> s3, Optional<String> token) {
        HttpClient http = HttpClient.newHttpClient();
        return new SourceReader(s3, http, token);
    }

    // ---- local files

    @Test
    void readsALocalFile() throws IOException {
        Path file = dir.resolve("fit tests.csv");
        byte[] content = "user_id,mask_id\n1,2\n".getBytes(UTF_8);
        Files.write(file, content);

        SourceContent read = reader(NO_S3, Optional.empty()).read(file.toString());

        assertThat(read.name()).isEqualTo(file.toString());
        assertThat(read.bytes()).isEqualTo(content);
        assertThat(read.sha256()).isEqualTo(SourceContent.sha256(content)).hasSize(64);
    }

    @Test
    void readsAFileUri() throws IOException {
        Path file = dir.resolve("data.json");
        Files.writeString(file, FIT_TESTS_JSON);

        SourceContent read = reader(NO_S3, Optional.empty()).read(file.toUri().toString());

        assertThat(fitTestFile.parse(read)).isEqualTo(FIT_TESTS);
    }

    @Test
    void missingFileIsADataSourceExceptionNamingThePath() {
        String missing = dir.resolve("nope/fit-tests.csv").toString();

        DataSourceException e = catchThrowableOfType(DataSourceException.class,
                () -> reader(NO_S3, Optional.empty()).read(missing));

        assertThat(e).isNotNull();
        assertThat(e.location()).isEqualTo(missing);
        assertThat(e.getMessage()).contains(missing).contains("no such file");
    }

    @Test
    void blankLocationIsADataSourceException() {
        assertThat(catchThrowableOfType(DataSourceException.class, () -> reader(NO_S3, Optional.empty()).read("  ")))
                .isNotNull();
        assertThat(catchThrowableOfType(DataSourceException.class, () -> reader(NO_S3, Optional.empty()).read(null)))
                .isNotNull();
    }

    // ---- the app's HTTP endpoint

    /** A loopback HTTP server answering GET /export with the given status and body, recording the token header. */
    private final class App {
        final HttpServer server;
        final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger requests = new AtomicInteger();

        App(int status, String body) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/export", exchange -> respond(exchange, status, body));
            server.start();
            toClose.add(() -> server.stop(0));
        }

        private void respond(HttpExchange exchange, int status, String body) throws IOException {
            requests.incrementAndGet();
            tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst(SourceReader.TOKEN_HEADER)));
            byte[] bytes = body.getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/export?format=json";
        }
    }

    @Test
    void readsTheAppEndpointWithTheTokenHeader() throws IOException {
        App app = new App(200, FIT_TESTS_JSON);

        SourceContent read = reader(NO_S3, Optional.of("s3cr3t-token")).read(app.url());

        assertThat(app.tokens).containsExactly("s3cr3t-token");
        assertThat(read.name()).isEqualTo(app.url());
        assertThat(new String(read.bytes(), UTF_8)).isEqualTo(FIT_TESTS_JSON);
        assertThat(fitTestFile.parse(read)).isEqualTo(FIT_TESTS);
    }

    @Test
    void withoutATokenNoTokenHeaderIsSent() throws IOException {
        App app = new App(200, FIT_TESTS_JSON);

        reader(NO_S3, Optional.empty()).read(app.url());

        assertThat(app.tokens).containsExactly("null");
    }

    @Test
    void nonOkStatusIsADataSourceExceptionNamingTheStatus() throws IOException {
        for (int status : new int[] {401, 404, 500, 503}) {
            App app = new App(status, "{\"error\": \"nope\"}");

            DataSourceException e = catchThrowableOfType(DataSourceException.class,
                    () -> reader(NO_S3, Optional.of("t")).read(app.url()));

            assertThat(e).as("HTTP %d", status).isNotNull();
            assertThat(e.location()).isEqualTo(app.url());
            assertThat(e.getMessage()).contains(app.url()).contains("HTTP " + status);
            assertThat(app.requests).hasValue(1);
        }
    }

    @Test
    void unreachableEndpointIsADataSourceException() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        // nothing listens on the port any more: the connection is refused at once
        String url = "http://127.0.0.1:" + port + "/export";

        DataSourceException e = catchThrowableOfType(DataSourceException.class,
                () -> reader(NO_S3, Optional.empty()).read(url));

        assertThat(e).isNotNull();
        assertThat(e.location()).isEqualTo(url);
    }

    // ---- S3

    private Supplier<S3Client> s3FromEnvironment(AtomicInteger asked) {
        return () -> {
            asked.incrementAndGet();
            S3Client client = S3PROXY.server().client();
            toClose.add(client);
            return client;
        };
    }

    private String newBucket() {
        String bucket = "data-" + UUID.randomUUID().toString().substring(0, 8);
        S3PROXY.server().createBucket(bucket);
        return bucket;
    }

    @Test
    void readsAnS3Object() {
        String bucket = newBucket();
        String key = "exports/2024-05/fit tests.json";
        try (S3Client uploader = S3PROXY.server().client()) {
            uploader.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(),
                    RequestBody.fromString(FIT_TESTS_JSON, UTF_8));
        }
        AtomicInteger asked = new AtomicInteger();
        String location = "s3://" + bucket + "/" + key;

        SourceContent read = reader(s3FromEnvironment(asked), Optional.empty()).read(location);

        assertThat(read.name()).isEqualTo(location);
        assertThat(read.bytes()).isEqualTo(FIT_TESTS_JSON.getBytes(UTF_8));
        assertThat(fitTestFile.parse(read)).isEqualTo(FIT_TESTS);
        assertThat(asked).hasValue(1);
    }

    @Test
    void missingS3KeyIsADataSourceException() {
        String bucket = newBucket();
        String location = "s3://" + bucket + "/exports/missing.csv";

        DataSourceException e = catchThrowableOfType(DataSourceException.class,
                () -> reader(s3FromEnvironment(new AtomicInteger()), Optional.empty()).read(location));

        assertThat(e).isNotNull();
        assertThat(e.location()).isEqualTo(location);
        assertThat(e.getMessage()).startsWith(location + ":");
    }

    @Test
    void missingS3BucketIsADataSourceException() {
        String location = "s3://no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8) + "/fit-tests.csv";

        DataSourceException e = catchThrowableOfType(DataSourceException.class,
                () -> reader(s3FromEnvironment(new AtomicInteger()), Optional.empty()).read(location));

        assertThat(e).isNotNull();
        assertThat(e.location()).isEqualTo(location);
    }

    @Test
    void s3LocationWithoutAKeyIsRefusedWithoutAskingS3() {
        AtomicInteger asked = new AtomicInteger();

        DataSourceException e = catchThrowableOfType(DataSourceException.class,
                () -> reader(s3FromEnvironment(asked), Optional.empty()).read("s3://some-bucket/"));

        assertThat(e).isNotNull();
        assertThat(e.location()).isEqualTo("s3://some-bucket/");
        assertThat(asked).hasValue(0);
    }
}
