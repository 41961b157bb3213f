package org.maskrecommender.inference;

import java.net.http.HttpClient;
import java.util.Optional;

import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Trigger;
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

    static TrainingResult publish(ModelStore store, Environment environment, int users) {
        return publish(store, environment, users, InputLayout.FAMILY_INDEX);
    }

    /** @param layout the input layout of the published graph (one-hot: as models were published before) */
    static TrainingResult publish(ModelStore store, Environment environment, int users, InputLayout layout) {
        TrainingService service = TrainingService.builder().mapper(Json.newMapper()).gitSha("test").inputLayout(layout)
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty())).build();
        return service.train(new TrainingRequest(environment, null, null, Trigger.Type.MANUAL,
                TrainingSettings.DEFAULT.withSample(new SampleSettings(42, users)), true, null), store,
                ProgressListener.silent());
    }
}
