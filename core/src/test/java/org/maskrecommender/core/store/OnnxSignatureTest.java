package org.maskrecommender.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.json.Json;

/** The manifest's {@code onnx} block says which input layout a model takes; old manifests name none. */
class OnnxSignatureTest {

    private final ObjectMapper mapper = Json.newMapper();

    @Test
    void aManifestWrittenBeforeTheLayoutsIsOneHot() throws Exception {
        OnnxSignature old = mapper.readValue("{\"input_name\": \"input\", \"output_name\": \"output\", "
                + "\"feature_count\": 519, \"positive_class_index\": 1}", OnnxSignature.class);
        assertThat(old.inputLayout()).isEqualTo(InputLayout.ONE_HOT);
        assertThat(old.familyInputName()).isNull();
        // written back, it stays byte-for-byte what old code reads
        assertThat(mapper.writeValueAsString(old)).doesNotContain("layout").doesNotContain("family");
    }

    @Test
    void aFamilyIndexSignatureNamesItsLayoutAndSecondInput() throws Exception {
        OnnxSignature sig = new OnnxSignature("features", "probabilities", 20, 1, InputLayout.FAMILY_INDEX,
                "family_index");
        JsonNode json = mapper.readTree(mapper.writeValueAsString(sig));
        assertThat(json.path("layout").asText()).isEqualTo("family_index");
        assertThat(json.path("family_input_name").asText()).isEqualTo("family_index");
        assertThat(mapper.treeToValue(json, OnnxSignature.class)).isEqualTo(sig);
    }

    @Test
    void aFamilyIndexSignatureNeedsItsFamilyInput() {
        assertThatThrownBy(() -> new OnnxSignature("f", "p", 20, 1, InputLayout.FAMILY_INDEX, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OnnxSignature("f", "p", 20, 1, InputLayout.ONE_HOT, "family_index"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
