package org.maskrecommender.training.lambda;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.data.FitTestCsv;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.testkit.events.EventBridgeEmulator;
import org.maskrecommender.training.data.TrainingDataLoader;

/**
 * Starts the training function's world on loopback for the Quarkus test run: a real S3 API server
 * (the test JVM's shared S3Proxy, a separate process) with a bucket of this application start's own
 * holding exports of fit tests, an EventBridge stand-in receiving the Model Trained events, and a
 * GreenMail SMTP server; points the function at all three. The bucket's name is also in the
 * configuration as {@value #BUCKET_PROPERTY}, for a test profile's settings.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    /** The configuration key holding the bucket's name: {@code s3://${test.models-bucket}/…}. */
    public static final String BUCKET_PROPERTY = "test.models-bucket";
    /** The export the function trains on by default (400 synthetic users, a few seconds of training). */
    public static final String EXPORT_KEY = "exports/default.csv";
    /** A smaller export (200 synthetic users), for tests that train several times and check no metrics. */
    public static final String SMALL_EXPORT_KEY = "exports/small.csv";
    static String bucket;
    static S3ProxyServer server;
    static EventBridgeEmulator events;
    static GreenMail smtp;

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.shared();
        bucket = "models-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
        try (S3Client s3 = server.client()) {
            s3.putObject(b -> b.bucket(bucket).key(EXPORT_KEY), RequestBody.fromBytes(FitTestCsv.write(
                    TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(42, 400)))));
            s3.putObject(b -> b.bucket(bucket).key(SMALL_EXPORT_KEY), RequestBody.fromBytes(FitTestCsv.write(
                    TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(42, 200)))));
        }
        events = EventBridgeEmulator.start();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Map<String, String> config = new HashMap<>();
        config.putAll(server.quarkusS3Config());
        config.put(BUCKET_PROPERTY, bucket);
        config.put("mask-recommender.model-store", "s3://" + bucket + "/staging");
        config.put("mask-recommender.environment", "staging");
        config.put("mask-recommender.data-source", "s3://" + bucket + "/" + EXPORT_KEY);
        config.put("mask-recommender.event-bus", "default");
        config.putAll(events.clientConfig("mask-recommender.eventbridge-client"));
        config.put("notify.mail-to", "ml-team@example.org");
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtp.getSmtp().getPort()));
        config.put("quarkus.mailer.start-tls", "DISABLED");
        return config;
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        if (events != null) {
            events.close();
        }
    }
}
