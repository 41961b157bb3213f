package org.maskrecommender.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.data.FitTestCsv;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.sample.GroundTruth;
import org.maskrecommender.core.sample.SyntheticWorld;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.training.evaluation.Metrics;

/**
 * Trains through the real pipeline on a world's fit tests, then scores fresh people of the same world with the
 * published model (loaded back, run by ONNX Runtime as serving runs it) and with the world's oracle (the true
 * logit without the person's own offset), on the same rows.
 */
final class OracleGap {

    /**
     * @param modelAuc  the published model's ROC AUC on the fresh rows
     * @param oracleAuc the oracle's on the same rows
     * @param rows      fresh rows scored
     * @param result    the training run
     */
    record Figures(double modelAuc, double oracleAuc, int rows, TrainingResult result) {
        double gap() {
            return oracleAuc - modelAuc;
        }

        @Override
        public String toString() {
            return String.format("model ROC AUC %.4f vs oracle %.4f on %d fresh rows (gap %.4f; %s, trained in %.1f s)",
                    modelAuc, oracleAuc, rows, gap(), result.trainer(), result.seconds());
        }
    }

    private OracleGap() {
    }

    /**
     * @param trainingRows the export the pipeline trains on (null: the default sample generator)
     * @param fresh        clean rows of people the model never saw
     */
    static Figures measure(Path dir, SyntheticWorld world, List<org.maskrecommender.core.data.FitTestRow> trainingRows,
                           List<FitTest> fresh, TrainingSettings settings) {
        ObjectMapper mapper = Json.newMapper();
        ModelStore store = new ModelStore(new LocalBlobStore(dir.resolve("store")), mapper);
        TrainingService service = TrainingService.builder().mapper(mapper)
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty())).build();
        String data = null;
        if (trainingRows != null) {
            Path file = dir.resolve("fit-tests.csv");
            try {
                Files.write(file, FitTestCsv.write(trainingRows));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            data = file.toString();
        }
        TrainingResult result = service.train(new TrainingRequest(Environment.STAGING, data, null, null, settings),
                store, ProgressListener.silent());

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
            float[] p = scorer.score(encoder, fresh);
            model = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                model[i] = p[i];
            }
        }
        return new Figures(Metrics.rocAuc(model, passed), Metrics.rocAuc(oracle, passed), fresh.size(), result);
    }

    static List<FitTest> clean(SyntheticWorld world, long seed, long firstUserId, int users) {
        return new FitTestCleaner().clean(world.fitTests(seed, firstUserId, users, false).rows()).fitTests();
    }
}
