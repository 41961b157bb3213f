package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.training.TrainingSettings;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.evaluation.EvaluationSet;
import org.maskrecommender.training.model.TribuoData;

/**
 * The same rows, encoded the way training hands them to Tribuo and the way serving hands them to
 * ONNX Runtime (with the encoder rebuilt from the published manifest), give identical vectors.
 */
class EncodingParityTest {

    @TempDir
    Path dir;

    @Test
    void trainingAndInferenceEncodeEveryRowIdentically() {
        ObjectMapper mapper = Json.newMapper();
        ModelStore store = new ModelStore(new LocalBlobStore(dir), mapper);
        TrainedModels.publish(store, Environment.STAGING, 300);
        FeatureEncoder serving;
        try (LoadedModel model = ModelLoader.latest(store, Environment.STAGING, mapper).load()) {
            serving = model.encoder();
        }
        // the training side: the encoder fitted exactly as the run fitted it (outside the evaluation set)
        List<FitTest> rows = new FitTestCleaner()
                .clean(TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(42, 300))).fitTests();
        TrainingSettings settings = TrainingSettings.DEFAULT;
        FeatureEncoder training = FeatureEncoder.fit(
                EvaluationSet.split(rows, settings.evaluationFraction()).train(),
                serving.parameters().familyShrinkageRows());
        assertThat(training.parameters()).isEqualTo(serving.parameters());
        List<Example<Label>> examples = TribuoData.examples(training, rows);

        float[] served = serving.encodeAll(rows);
        int width = serving.featureCount();
        assertThat(serving.featureNames()).isEqualTo(training.featureNames());
        for (int r = 0; r < rows.size(); r++) {
            float[] fromTribuo = new float[width];
            for (Feature f : examples.get(r)) {
                fromTribuo[Integer.parseInt(f.getName().substring(0, 4))] = (float) f.getValue();
            }
            for (int c = 0; c < width; c++) {
                assertThat(served[r * width + c]).as("row %d feature %s", r, serving.featureNames().get(c))
                        .isEqualTo(fromTribuo[c]);
            }
        }
        assertThat(rows).hasSizeGreaterThan(1000);
    }
}
