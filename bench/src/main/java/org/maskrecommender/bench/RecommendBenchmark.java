package org.maskrecommender.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;

/**
 * Warm in-process latency of one recommendation request (JSON bytes in, JSON response out, top 10)
 * over a catalogue of {@code masks} masks in {@code masks / 2} fit families the model knows: parse, validate, encode every mask, one ONNX Runtime batch,
 * sort, build the response.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecommendBenchmark {

    @Param({"100", "1000", "10000"})
    public int masks;

    private ModelHolder holder;
    private InferenceService service;
    private final byte[] request = ("{\"facial_measurements\": {\"nose_mm\": 52.1, \"chin_mm\": 98.0, \"top_cheek_mm\":"
            + " 110.4, \"mid_cheek_mm\": 107.9, \"strap_mm\": 251.0, \"facial_hair_beard_length_mm\": 0}, \"limit\": 10}")
            .getBytes(StandardCharsets.UTF_8);

    @Setup(Level.Trial)
    public void publishAndLoad() throws Exception {
        ObjectMapper mapper = Json.newMapper();
        Path dir = Files.createTempDirectory("bench-recommend");
        ModelStore store = new ModelStore(new LocalBlobStore(dir.resolve("store")), mapper);
        BenchModels.publishWorld(store, masks, dir);
        holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, mapper));
        var manifest = holder.get().manifest();
        System.out.printf(java.util.Locale.ROOT, "%n[model: %d masks, %d fit families, %d features, %s, input layout %s]%n",
                holder.get().masks().size(), manifest.encoding().fitFamilies().size(), manifest.featureNames().size(),
                manifest.trainer() == null ? "?" : manifest.trainer().path("candidate").asText(),
                holder.get().layout().json());
        service = new InferenceService(holder, mapper);
        JsonNode first = service.handle(request, "setup").response();
        if (!first.has("recommendations")) {
            throw new IllegalStateException("benchmark request failed: " + first);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        holder.close();
    }

    @Benchmark
    public JsonNode recommend() {
        return service.handle(request, "bench").response();
    }
}
