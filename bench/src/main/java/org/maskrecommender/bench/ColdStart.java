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
import java.util.LinkedHashMap;
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
 * <p>Each run's time is also split with what the function logs (its init metrics record and its first invocation's
 * {@code Latency}): JVM and Quarkus start (the JVM's start to StartupEvent), model fetch (download and hash checks),
 * model session (ONNX Runtime session, encoder, catalogue), reference check (scoring the manifest's reference rows),
 * first request, and the rest (process creation before the JVM, the runtime API's round trips).
 *
 * <p>Usage: {@code ColdStart PACKAGED_DIR [RUNS]}, PACKAGED_DIR = {@code inference/target} (holding
 * {@code *-runner.jar} and {@code lib/}). Extra JVM options (e.g. {@code -XX:SharedArchiveFile=…} for an AppCDS
 * archive) come from the environment variable {@code COLD_START_JVM_OPTIONS}, split at spaces.
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
            List<Double> cpu = new ArrayList<>();
            Map<String, List<Double>> phases = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                Run r = coldStart(runner, s3proxy, model.version(), mapper);
                double total = r.millis();
                millis.add(total);
                cpu.add(r.cpuMillis());
                Map<String, Double> split = breakdown(Files.readAllLines(LOG), total, mapper);
                split.forEach((phase, ms) -> phases.computeIfAbsent(phase, p -> new ArrayList<>()).add(ms));
            }
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "cold start, process start to first response (ms), %d runs: %s%n", runs,
                    millis.stream().map(m -> String.format(Locale.ROOT, "%.0f", m)).toList());
            System.out.printf(Locale.ROOT, "median %.0f ms, min %.0f ms, max %.0f ms (model %s, %d masks)%n",
                    sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), model.version(),
                    model.masks());
            System.out.printf(Locale.ROOT, "CPU time of the function's process to its first response: median %.0f ms "
                    + "(less sensitive to other load than the wall time above)%n", median(cpu));
            System.out.println(phases.isEmpty() ? "no phases: the function logged no init record with a loaded model"
                    : "median of each phase (ms):");
            phases.forEach((phase, values) -> System.out.printf(Locale.ROOT, "  %-28s %6.0f%n", phase, median(values)));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * One run's time split by the function's own log: its init metrics record (ModelLoadedAtInit …) and the
     * metrics record of its first invocation (Latency); empty when the log has no init record with a loaded model.
     */
    static Map<String, Double> breakdown(List<String> log, double total, ObjectMapper mapper) throws Exception {
        JsonNode init = null;
        JsonNode first = null;
        for (String line : log) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode record = mapper.readTree(line);
            if (init == null && record.has("ModelLoadedAtInit")) {
                init = record;
            } else if (first == null && record.has("Latency")) {
                first = record;
            }
        }
        if (init == null || first == null || init.path("ModelLoadedAtInit").asInt() != 1) {
            return Map.of(); // a build from before the init record (or one whose start could not load the model)
        }
        Map<String, Double> split = new LinkedHashMap<>();
        split.put("JVM + Quarkus start", init.path("StartupDuration").asDouble());
        split.put("model fetch (S3)", init.path("ModelFetchDuration").asDouble());
        split.put("model session (ONNX RT)", init.path("ModelSessionDuration").asDouble());
        split.put("reference check", init.path("ReferenceCheckDuration").asDouble());
        split.put("first request", first.path("Latency").asDouble());
        split.put("rest", total - split.values().stream().mapToDouble(Double::doubleValue).sum());
        return split;
    }

    /** This benchmark's jar, for {@link JavaRuntimeLoop} (it needs nothing beyond the function's own jars). */
    private static String ownJar() throws Exception {
        return Path.of(JavaRuntimeLoop.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /**
     * @param millis    process start to first response (wall time)
     * @param cpuMillis CPU time (user + system, all threads) the function's process had used by its first response
     */
    private record Run(double millis, double cpuMillis) {
    }

    private static Run coldStart(Path runner, S3ProxyServer s3proxy, String version, ObjectMapper mapper)
            throws Exception {
        MockEventServer events = new MockEventServer();
        events.start(0);
        Process process = null;
        try {
            int port = events.getPort();
            // As AWS's Java runtime runs it: a loop polls the runtime API and calls Quarkus's stream handler
            // (the handler AWS is configured with in JVM mode); the runner jar's manifest brings lib/.
            // AWS's Java runtimes start the JVM with C1 only and the serial collector; so does this.
            List<String> command = new ArrayList<>(List.of("java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC"));
            String extra = System.getenv().getOrDefault("COLD_START_JVM_OPTIONS", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-cp", runner + ":" + ownJar(), JavaRuntimeLoop.class.getName(),
                    "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler"));
            ProcessBuilder pb = new ProcessBuilder(command)
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
            double cpu = process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
            JsonNode body = mapper.readTree(response.body());
            if (!version.equals(body.path("model").path("version").asText())
                    || body.path("recommendations").size() != 10) {
                throw new IllegalStateException("unexpected first response: " + response.body());
            }
            return new Run(ms, cpu);
        } finally {
            if (process != null) {
                process.destroy();
                process.waitFor();
            }
            events.close();
        }
    }
}
