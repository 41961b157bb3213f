package org.maskrecommender.inference.lambda;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.S3BlobStore;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.training.ProgressListener;
import org.maskrecommender.training.TrainingRequest;
import org.maskrecommender.training.TrainingResult;
import org.maskrecommender.training.TrainingService;
import org.maskrecommender.training.TrainingSettings;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/**
 * A real S3 API server (S3Proxy) holding a model published by the training pipeline under
 * {@code s3://models/staging}, with the function's S3 client and store pointed at it.
 */
public class ModelFixture implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "models";
    static S3ProxyServer server;
    static S3Client s3;
    static TrainingResult published;

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.start();
        server.createBucket(BUCKET);
        s3 = server.client();
        published = publish("staging", Environment.STAGING, 400);
        Map<String, String> config = new java.util.HashMap<>(server.quarkusS3Config());
        config.put("mask-recommender.model-store", "s3://" + BUCKET + "/staging");
        config.put("mask-recommender.environment", "staging");
        return config;
    }

    /** Trains on sample data and publishes to {@code s3://models/<prefix>}. */
    static TrainingResult publish(String prefix, Environment environment, int users) {
        var mapper = Json.newMapper();
        TrainingService training = TrainingService.builder().mapper(mapper).gitSha("test")
                .sources(new SourceReader(() -> s3, HttpClient.newHttpClient(), Optional.empty())).build();
        return training.train(new TrainingRequest(environment, null, null, Trigger.Type.MANUAL,
                        TrainingSettings.DEFAULT.withSample(new SampleSettings(42, users)), true, null),
                new ModelStore(new S3BlobStore(s3, BUCKET, prefix), mapper), ProgressListener.silent());
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
