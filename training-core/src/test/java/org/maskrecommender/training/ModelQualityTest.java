package org.maskrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.sample.GroundTruth;
import org.maskrecommender.core.sample.SyntheticWorld;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.evaluation.Metrics;

/**
 * The published model, loaded back from the store and run through ONNX Runtime as serving will, ranks
 * fresh users of the generator's world nearly as well as the generator's own oracle (the true logit
 * without per-user noise) ranks them.
 */
class ModelQualityTest {

    @TempDir
    Path dir;

    @Test
    void publishedModelIsWithin003OfTheOracleAucOnHeldOutUsers() {
        ObjectMapper mapper = Json.newMapper();
        ModelStore store = new ModelStore(new LocalBlobStore(dir), mapper);
        TrainingService service = TrainingService.builder().mapper(mapper)
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty())).build();
        TrainingResult result = service.train(new TrainingRequest(Environment.STAGING, null, null, null,
                TrainingSettings.DEFAULT), store, ProgressListener.silent());

        // Same world (seed 42) as the default sample, new people the model never saw.
        SyntheticWorld world = SyntheticWorld.create(TrainingSettings.DEFAULT.sample().seed(),
                TrainingDataLoader.SAMPLE_FAMILIES);
        List<FitTest> fresh = new FitTestCleaner().clean(world.fitTests(2026, 1_000_000, 1000, false).rows())
                .fitTests();
        boolean[] passed = new boolean[fresh.size()];
        double[] oracle = new double[fresh.size()];
        GroundTruth truth = world.truth();
        for (int i = 0; i < fresh.size(); i++) {
            passed[i] = fresh.get(i).passed();
            oracle[i] = truth.logit(fresh.get(i).face(), fresh.get(i).mask());
        }

        VerifiedModel published = store.load(store.refOf(result.version()));
        FeatureEncoder encoder = new FeatureEncoder(published.manifest().encoding());
        double[] model;
        try (OnnxScorer scorer = new OnnxScorer(published.modelOnnx(), published.manifest().onnx())) {
            float[] p = scorer.positiveProbabilities(encoder.encodeAll(fresh), fresh.size());
            model = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                model[i] = p[i];
            }
        }

        double oracleAuc = Metrics.rocAuc(oracle, passed);
        double modelAuc = Metrics.rocAuc(model, passed);
        assertThat(oracleAuc).isGreaterThan(0.75);
        assertThat(modelAuc).as("model AUC %.4f vs oracle AUC %.4f", modelAuc, oracleAuc)
                .isGreaterThanOrEqualTo(oracleAuc - 0.03);
    }
}
