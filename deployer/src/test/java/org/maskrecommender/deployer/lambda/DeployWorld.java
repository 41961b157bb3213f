package org.maskrecommender.deployer.lambda;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.S3BlobStore;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.testkit.lambda.DeploymentPackages;
import org.maskrecommender.testkit.lambda.FunctionSettings;
import org.maskrecommender.testkit.lambda.LambdaEmulator;
import org.maskrecommender.testkit.lambda.S3CodeFetcher;
import org.maskrecommender.training.SampleModels;

/**
 * The deployer's world on loopback: S3Proxy (the test JVM's shared one, with a bucket of this world's
 * own for models, ledger and code zips), the Lambda emulator whose Invoke runs the real inference
 * service, and a GreenMail SMTP server receiving the emails. The models are real ones, trained once per
 * JVM ({@link SampleModels}).
 */
public class DeployWorld implements QuarkusTestResourceLifecycleManager {

    static final String FUNCTION = "mask-recommender-inference-staging";
    static final String ALARM = "mask-recommender-inference-staging-live-errors";
    /** A native package: the function runs provided.al2023, the template's default. */
    static final byte[] CODE = DeploymentPackages.nativeZip("1.2.3");

    static S3ProxyServer s3proxy;
    static String bucket;
    static S3Client s3;
    static LambdaEmulator emulator;
    static GreenMail smtp;
    static String model;
    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final Map<String, ModelHolder> SERVED = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        s3proxy = S3ProxyServer.shared();
        bucket = "recommender-" + UUID.randomUUID().toString().substring(0, 8);
        s3proxy.createBucket(bucket);
        s3 = s3proxy.client();
        model = publishModel(200);
        s3.putObject(b -> b.bucket(bucket).key("code/staging-recommender-v1.2.3/function.zip"), RequestBody.fromBytes(CODE));

        emulator = LambdaEmulator.start();
        emulator.setCodeFetcher(S3CodeFetcher.of(s3));
        emulator.createFunction(FUNCTION, Map.of("LOG_LEVEL", "INFO"), DeploymentPackages.nativeZip("initial"),
                FunctionSettings.nativeImage());
        emulator.setInvoker(FUNCTION, (version, payload) -> {
            ModelHolder holder = SERVED.computeIfAbsent(version.modelVersion(), v -> new ModelHolder(new ModelLoader(
                    store(), Optional.ofNullable(v), Optional.ofNullable(version.manifestSha256()), Environment.STAGING,
                    MAPPER)));
            return MAPPER.writeValueAsBytes(new InferenceService(holder, MAPPER).handle(payload, "emulator").response());
        });

        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();

        Map<String, String> config = new HashMap<>();
        config.putAll(s3proxy.quarkusS3Config());
        config.put("deployer.environments.staging.model-store", "s3://" + bucket + "/staging");
        config.put("deployer.environments.staging.code-bucket", bucket);
        config.put("deployer.environments.production.model-store", "s3://" + bucket + "/production");
        config.putAll(emulator.clientConfig("deployer.lambda-client"));
        config.put("notify.mail-to", "oncall@example.org");
        config.put("deployer.environments.staging.alarms", ALARM + ",mask-recommender-inference-staging-live-p99");
        config.put("deployer.poll-delay", "PT0.01S");
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(smtp.getSmtp().getPort()));
        config.put("quarkus.mailer.start-tls", "DISABLED");
        config.put("quarkus.mailer.from", "deployer@example.org");
        return config;
    }

    static ModelStore store() {
        return new ModelStore(new S3BlobStore(s3, bucket, "staging"), MAPPER);
    }

    /** Publishes the staging sample model of {@code users} users and points latest.json at it; returns its version. */
    static String publishModel(int users) {
        return SampleModels.publish(store(), Environment.STAGING, users);
    }

    @Override
    public void stop() {
        SERVED.values().forEach(ModelHolder::close);
        if (smtp != null) {
            smtp.stop();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
