package org.maskrecommender.training.lambda;

import java.util.HashMap;
import java.util.Map;

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
 * (S3Proxy, separate process) holding an export of fit tests, an EventBridge stand-in receiving the
 * Model Trained events, and a GreenMail SMTP server; points the function at all three.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "models";
    /** The export the function trains on by default (400 synthetic users, a few seconds of training). */
    public static final String EXPORT = "s3://" + BUCKET + "/exports/default.csv";
    static S3ProxyServer server;
    static EventBridgeEmulator events;
    static GreenMail smtp;

    @Override
    public Map<String, String> start() {
        server = S3ProxyServer.start();
        server.createBucket(BUCKET);
        try (S3Client s3 = server.client()) {
            s3.putObject(b -> b.bucket(BUCKET).key("exports/default.csv"), RequestBody.fromBytes(FitTestCsv.write(
                    TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(42, 400)))));
        }
        events = EventBridgeEmulator.start();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        Map<String, String> config = new HashMap<>();
        config.putAll(server.quarkusS3Config());
        config.put("mask-recommender.model-store", "s3://" + BUCKET + "/staging");
        config.put("mask-recommender.environment", "staging");
        config.put("mask-recommender.data-source", EXPORT);
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
        if (server != null) {
            server.close();
        }
    }
}
