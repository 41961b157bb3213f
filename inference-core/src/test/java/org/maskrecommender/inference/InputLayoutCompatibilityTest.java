package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;

/**
 * Models published before the family-index layout (one-hot graphs, manifests without {@code onnx.layout}) still
 * load, pass the self-check and serve; the same training run published in either layout answers with the same
 * probabilities.
 */
class InputLayoutCompatibilityTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final byte[] REQUEST = ("{\"facial_measurements\": {\"nose_mm\": 52.1, \"chin_mm\": 98.0, "
            + "\"top_cheek_mm\": 110.4, \"mid_cheek_mm\": 107.9, \"strap_mm\": 251.0, "
            + "\"facial_hair_beard_length_mm\": 3}}").getBytes(StandardCharsets.UTF_8);

    @Test
    void aOneHotModelServesWhatItsFamilyIndexTwinServes(@TempDir Path dir) {
        Map<Long, Double> oneHot = serve(dir.resolve("one-hot"), InputLayout.ONE_HOT);
        Map<Long, Double> familyIndex = serve(dir.resolve("family-index"), InputLayout.FAMILY_INDEX);

        assertThat(familyIndex.keySet()).isEqualTo(oneHot.keySet()).hasSizeGreaterThan(50);
        oneHot.forEach((id, p) -> assertThat(familyIndex.get(id)).as("mask %d", id).isCloseTo(p, within(1e-5)));
        double spread = oneHot.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                - oneHot.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(spread).isGreaterThan(0.3);
    }

    private static Map<Long, Double> serve(Path dir, InputLayout layout) {
        ModelStore store = new ModelStore(new LocalBlobStore(dir), MAPPER);
        TrainedModels.publish(store, Environment.STAGING, 300, layout);
        try (ModelHolder holder = new ModelHolder(ModelLoader.latest(store, Environment.STAGING, MAPPER))) {
            LoadedModel model = holder.get(); // loaded: the self-check on the reference rows passed
            assertThat(model.layout()).isEqualTo(layout);
            assertThat(model.manifest().onnx().layout()).isEqualTo(layout == InputLayout.ONE_HOT ? null : layout);
            assertThat(model.manifest().onnx().featureCount()).isEqualTo(layout == InputLayout.ONE_HOT
                    ? model.encoder().featureCount() : model.encoder().denseFeatureCount());
            JsonNode response = new InferenceService(holder, MAPPER).handle(REQUEST, "test").response();
            Map<Long, Double> p = new HashMap<>();
            for (JsonNode r : response.path("recommendations")) {
                p.put(r.path("mask_id").asLong(), r.path("proba_fit").asDouble());
            }
            return p;
        }
    }
}
