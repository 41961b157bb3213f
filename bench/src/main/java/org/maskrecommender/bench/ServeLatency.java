package org.maskrecommender.bench;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.cli.LocalFunctionServer;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;

/**
 * Sequential requests over one keep-alive HTTP/1.1 connection to {@code ./mask-recommender serve}'s server
 * ({@link LocalFunctionServer}), with a published model of 1,000 generated masks plus the sample's: the time from
 * sending a request to having read its whole response, per request, as an app calling {@code serve} in a loop sees
 * it. Prints percentiles.
 *
 * <p>Arguments: requests to measure (default 5,000), warm-up requests (default 1,000).
 */
public final class ServeLatency {

    private static final String REQUEST = "{\"facial_measurements\": {\"nose_mm\": 52.1, \"chin_mm\": 98.0,"
            + " \"top_cheek_mm\": 110.4, \"mid_cheek_mm\": 107.9, \"strap_mm\": 251.0,"
            + " \"facial_hair_beard_length_mm\": 0}, \"limit\": 10}";

    private ServeLatency() {
    }

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        ObjectMapper mapper = Json.newMapper();
        Path dir = Files.createTempDirectory("bench-serve");
        ModelStore store = new ModelStore(new LocalBlobStore(dir.resolve("store")), mapper);
        int masks = BenchModels.publish(store, 1000, dir).masks();
        PrintWriter noLog = new PrintWriter(Writer.nullWriter());
        try (ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, mapper));
             LocalFunctionServer server = new LocalFunctionServer(new InferenceService(holder, mapper), mapper,
                     "127.0.0.1", 0, noLog).start()) {
            // One connection, kept alive: HTTP/1.1 only (no h2c upgrade), one request at a time.
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build();
            for (int i = 0; i < warmup; i++) {
                check(client.send(request, HttpResponse.BodyHandlers.ofString()));
            }
            long[] nanos = new long[measured];
            for (int i = 0; i < measured; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                nanos[i] = System.nanoTime() - start;
                check(response);
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "serve, %d masks, top 10, %d sequential keep-alive requests after %d warm-up:"
                    + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (TCP_NODELAY %s)%n", masks, measured, warmup,
                    ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6,
                    server.tcpNoDelay() ? "on" : "off");
        }
    }

    private static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200 || !response.body().contains("\"recommendations\"")) {
            throw new IllegalStateException("benchmark request failed: " + response.statusCode() + " " + response.body());
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
