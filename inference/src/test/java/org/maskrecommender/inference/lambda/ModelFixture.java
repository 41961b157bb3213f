package org.maskrecommender.inference.lambda;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.store.S3BlobStore;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.training.SampleModels;

/**
 * A real S3 API server (the test JVM's shared S3Proxy) with a bucket of this application start's own,
 * holding under {@code staging} a model the training pipeline published (trained once per JVM, see
 * {@link SampleModels}); the function's S3 client and store point at it. The bucket's name is also in
 * the configuration as {@value #BUCKET_PROPERTY}, for a test profile's store setting.
 */
public class ModelFixture implements QuarkusTestResourceLifecycleManager {

    /** The configuration key holding the bucket's name: {@code s3://${test.models-bucket}/…}. */
    public static final String BUCKET_PROPERTY = "test.models-bucket";
    static String bucket;
    static S3Client s3;
    /** The version published under {@code staging}. */
    static String published;

    @Override
    public Map<String, String> start() {
        S3ProxyServer server = S3ProxyServer.shared();
        bucket = "models-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
        s3 = server.client();
        published = publish("staging", Environment.STAGING, 400);
        Map<String, String> config = new HashMap<>(server.quarkusS3Config());
        config.put(BUCKET_PROPERTY, bucket);
        config.put("mask-recommender.model-store", "s3://" + bucket + "/staging");
        config.put("mask-recommender.environment", "staging");
        return config;
    }

    /** Publishes the sample model of {@code users} users to {@code s3://<bucket>/<prefix>}; returns its version. */
    static String publish(String prefix, Environment environment, int users) {
        return SampleModels.publish(new S3BlobStore(s3, bucket, prefix), environment, users);
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
    }
}
