package org.maskrecommender.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;

class MaskEvidenceTest {

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final FacialMeasurements FACE = new FacialMeasurements(50, 98, 115, 110, 250, 0);

    private static FitTest test(long family) {
        return new FitTest(1, new Mask(family * 10, "m", family == 0 ? null : family, 380, "Cup", null), FACE, true, null);
    }

    private static Manifest manifest(ObjectNode trainingData) {
        return new Manifest("20261128T050012Z-3f9a1c2e", Environment.STAGING, Instant.EPOCH, Map.of(), List.of(), null,
                null, List.of(), null, trainingData, null, null, null);
    }

    @Test
    void countsTheTrainingRowsOfEachFamilyAndReadsBackWhatItWrites() throws Exception {
        MaskEvidence evidence = MaskEvidence.of(List.of(test(3), test(3), test(12), test(0), test(3)), List.of(9L, 4L));
        assertThat(evidence.fitTestsByFamily()).containsExactlyInAnyOrderEntriesOf(Map.of(3L, 3, 12L, 1));
        assertThat(evidence.support(3L)).isEqualTo(3);
        assertThat(evidence.support(77L)).as("a family never trained on").isZero();
        assertThat(evidence.support(null)).as("a mask without a family").isZero();

        ObjectNode data = MAPPER.createObjectNode().put("masks", 5);
        evidence.writeTo(data);
        assertThat(data.toString()).contains("\"fit_tests_by_family\":{\"3\":3,\"12\":1}")
                .contains("\"unscorable_mask_ids\":[9,4]");
        ObjectNode readBack = (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsBytes(data));
        assertThat(MaskEvidence.from(manifest(readBack))).isEqualTo(evidence);
    }

    @Test
    void aManifestPublishedBeforeTheCountsReadsAsSupportUnknown() {
        MaskEvidence older = MaskEvidence.from(manifest(MAPPER.createObjectNode().put("masks", 5)));
        assertThat(older.fitTestsByFamily()).isNull();
        assertThat(older.support(3L)).isNull();
        assertThat(older.unscorableMaskIds()).isEmpty();
        assertThat(MaskEvidence.from(manifest(null)).support(3L)).isNull();
    }

    @Test
    void countsInAShapeTrainingNeverWritesAreRefused() {
        for (String bad : List.of("{\"fit_tests_by_family\": [1]}", "{\"fit_tests_by_family\": {\"x\": 1}}",
                "{\"fit_tests_by_family\": {\"3\": -1}}", "{\"fit_tests_by_family\": {\"3\": 1.5}}",
                "{\"unscorable_mask_ids\": {}}", "{\"unscorable_mask_ids\": [\"4\"]}")) {
            assertThatThrownBy(() -> MaskEvidence.from(manifest((ObjectNode) MAPPER.readTree(bad))))
                    .as(bad).isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("training_data.");
        }
    }
}
