package org.maskrecommender.training.lambda;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import org.maskrecommender.testkit.S3ProxyServer;

/**
 * Starts a real S3 API server (S3Proxy, separate process) for the Quarkus test run and points the
 * Quarkiverse S3 client and the function's model store at it.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "models";
    static S3ProxyServer server;

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.start();
        server.createBucket(BUCKET);
        return Map.of(
                "quarkus.s3.endpoint-override", server.endpoint().toString(),
                "quarkus.s3.path-style-access", "true",
                "quarkus.s3.chunked-encoding", "false",
                "quarkus.s3.aws.region", S3ProxyServer.REGION,
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", S3ProxyServer.ACCESS_KEY,
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", S3ProxyServer.SECRET_KEY,
                "mask-recommender.model-store", "s3://" + BUCKET + "/staging",
                "mask-recommender.environment", "staging");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
