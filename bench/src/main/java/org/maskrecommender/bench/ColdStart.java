package org.maskrecommender.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.amazon.lambda.runtime.MockEventServer;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.S3BlobStore;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.training.TrainingResult;

/**
 * JVM-mode cold start of the packaged inference function: from process start to the first response,
 * with the model loaded from a real S3 API server (S3Proxy). The packaged app runs under
 * {@link JavaRuntimeLoop}, which polls Quarkus's mock Lambda event server as AWS's Java runtime polls
 * the runtime API; the first event is POSTed as the process starts, and the clock stops when its
 * response arrives.
 *
 * <p>Usage: {@code ColdStart PACKAGED_DIR [RUNS]}, PACKAGED_DIR = {@code inference/target} (holding
 * {@code *-runner.jar} and {@code lib/}).
 */
public final class ColdStart {

    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");
    private static final String EVENT = "{\"facial_measurements\": {\"nose_mm\": 52.1, \"chin_mm\": 98.0,"
            + " \"top_cheek_mm\": 110.4, \"mid_cheek_mm\": 107.9, \"strap_mm\": 251.0,"
            + " \"facial_hair_beard_length_mm\": 0}, \"limit\": 10}";

    private static final Path LOG = Path.of(System.getProperty("java.io.tmpdir"), "mask-recommender-cold-start.log");

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        TRIBUO_LOG.setLevel(Level.WARNING);
        Path target = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path runner;
        try (var files = Files.list(target)) {
            runner = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no *-runner.jar in " + target
                            + "; build it: ./mvnw -q -DskipTests -pl inference -am package"));
        }
        ObjectMapper mapper = Json.newMapper();
        try (S3ProxyServer s3proxy = S3ProxyServer.start(); S3Client s3 = s3proxy.client()) {
            s3proxy.createBucket("models");
            ModelStore store = new ModelStore(new S3BlobStore(s3, "models", "staging"), mapper);
            TrainingResult model = BenchModels.publish(store, 1000, Files.createTempDirectory("cold-start"));
            List<Double> millis = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                millis.add(coldStart(runner, s3proxy, model.version(), mapper));
            }
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "cold start, process start to first response (ms), %d runs: %s%n", runs,
                    millis.stream().map(m -> String.format(Locale.ROOT, "%.0f", m)).toList());
            System.out.printf(Locale.ROOT, "median %.0f ms, min %.0f ms, max %.0f ms (model %s, %d masks)%n",
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), model.version(),
                    model.masks());
        }
    }

    /** This benchmark's jar, for {@link JavaRuntimeLoop} (it needs nothing beyond the function's own jars). */
    private static String ownJar() throws Exception {
        return Path.of(JavaRuntimeLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static double coldStart(Path runner, S3ProxyServer s3proxy, String version, ObjectMapper mapper)
            throws Exception {
        MockEventServer events = new MockEventServer();
        events.start(0);
        Process process = null;
        try {
            int port = events.getPort();
            // As AWS's Java runtime runs it: a loop polls the runtime API and calls Quarkus's stream handler
            // (the handler AWS is configured with in JVM mode); the runner jar's manifest brings lib/.
            // AWS's Java runtimes start the JVM with C1 only and the serial collector; so does this.
            ProcessBuilder pb = new ProcessBuilder("java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-cp", runner + ":" + ownJar(),
                    JavaRuntimeLoop.class.getName(), "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler")
                    .redirectErrorStream(true)
                    .redirectOutput(LOG.toFile());
            Map<String, String> env = pb.environment();
            env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + port + MockEventServer.BASE_PATH);
            env.put("ENVIRONMENT", "staging");
            env.put("MODEL_STORE", "s3://models/staging");
            env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3proxy.endpoint().toString());
            env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
            env.put("QUARKUS_S3_CHUNKED_ENCODING", "false");
            env.put("QUARKUS_S3_AWS_REGION", S3ProxyServer.REGION);
            env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(EVENT)).build();
            long start = System.nanoTime();
            process = pb.start();
            HttpResponse<String> response;
            try {
                response = http.send(post, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("no response from the function; its output:\n" + Files.readString(LOG), e);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            JsonNode body = mapper.readTree(response.body());
            if (!version.equals(body.path("model").path("version").asText())
                    || body.path("recommendations").size() != 10) {
                throw new IllegalStateException("unexpected first response: " + response.body());
            }
            return ms;
        } finally {
            if (process != null) {
                process.destroy();
                process.waitFor();
            }
            events.close();
        }
    }
}
