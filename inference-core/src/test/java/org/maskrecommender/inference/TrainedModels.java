package org.maskrecommender.inference;

import java.net.http.HttpClient;
import java.util.Optional;

import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.training.ProgressListener;
import org.maskrecommender.training.TrainingRequest;
import org.maskrecommender.training.TrainingResult;
import org.maskrecommender.training.TrainingService;
import org.maskrecommender.training.TrainingSettings;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/** Publishes real models with the training pipeline, for tests of serving. */
final class TrainedModels {

    private TrainedModels() {
    }

    static TrainingResult publish(ModelStore store, String environment, int users) {
        TrainingService service = TrainingService.standard(new SourceReader(() -> null, HttpClient.newHttpClient(),
                Optional.empty()), Json.newMapper(), "test");
        return service.train(new TrainingRequest(environment, null, null, "manual",
                TrainingSettings.DEFAULT.withSample(new SampleSettings(42, users)), true, null), store, ProgressListener.silent());
    }
}
