package org.maskrecommender.deployer.release;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.notify.Notification;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.SerializingBlobStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.deployer.DeployerService;
import org.maskrecommender.deployer.DeployerServices;
import org.maskrecommender.deployer.alarm.BakeWatch;
import org.maskrecommender.inference.InferenceRequest;
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
 * Everything a release touches, real and on loopback: S3Proxy for models, ledger and code zips; the
 * Lambda emulator, whose Invoke runs the real inference service against the model a version pins; the
 * deployer's services wired as in production, with a recording notifier.
 *
 * <p>One per test, and cheap: the test JVM's shared S3Proxy with a bucket of this fixture's own, a new
 * emulator (an in-process HTTP server), and models trained once per JVM ({@link SampleModels}) and
 * copied into the bucket.
 */
final class DeployFixture implements AutoCloseable {

    static final String STAGING_FUNCTION = "mask-recommender-inference-staging";
    static final String PRODUCTION_FUNCTION = "mask-recommender-inference";
    /** Native packages, what the functions' default runtime (provided.al2023, as in the template) runs. */
    static final byte[] GOOD_CODE = DeploymentPackages.nativeZip("1.0");
    static final byte[] BROKEN_CODE = DeploymentPackages.nativeZip("that crashes");
    /** The alarm on staging's alias live, and the bake window after a release within which it rolls back. */
    static final String STAGING_ALARM = "mask-recommender-inference-staging-live-errors";
    static final Duration BAKE_WINDOW = Duration.ofMinutes(60);

    final ObjectMapper mapper = Json.newMapper();
    final S3ProxyServer s3proxy = S3ProxyServer.shared();
    /** This fixture's bucket: models, ledgers, release records and code zips. */
    final String bucket = "recommender-" + UUID.randomUUID().toString().substring(0, 8);
    final S3Client s3 = s3proxy.client();
    private final SerializingBlobStore.Turns turns = new SerializingBlobStore.Turns();
    final LambdaEmulator emulator = LambdaEmulator.start();
    final LambdaClient lambda;
    final List<Notification> sent = new CopyOnWriteArrayList<>();
    volatile boolean smtpDown;
    /**
     * Versions pinned to this model answer the smoke request once (and the probes), then crash on it: a canary that
     * goes bad under traffic through the alias.
     */
    volatile String flakyModel;
    /**
     * Versions pinned to this model answer every face with a beard with higher probabilities than the model gives it
     * (a build that reads the beard backwards): the smoke request has none, so only the probes can tell.
     */
    volatile String beardLovingModel;
    /** The emulated functions' DEFAULT_RESPONSE_FORMAT: breathesafe for a deployment serving the Breathesafe app. */
    volatile InferenceRequest.ResponseFormat defaultFormat = InferenceRequest.ResponseFormat.DEFAULT;
    /** Runs after every answered invocation, e.g. to break the Lambda API right after a smoke test. */
    volatile Runnable afterInvoke = () -> { };
    private final Map<String, Integer> flakyCalls = new ConcurrentHashMap<>();
    final Map<String, ModelHolder> served = new ConcurrentHashMap<>();
    final ReleaseService releases;
    final RollbackService rollbacks;
    final StatusService status;
    /** The whole event handling, as the deployer function runs it. */
    final DeployerService service;

    /** Both functions native (the template's default), the deployer's client with the SDK's defaults. */
    DeployFixture() {
        this(FunctionSettings.nativeImage(), GOOD_CODE, UnaryOperator.identity());
    }

    /**
     * @param settings    both functions' runtime, timeout and SnapStart
     * @param initialCode both functions' initial code
     * @param client      changes to the deployer's Lambda client (the SDK's defaults otherwise, like production's)
     */
    DeployFixture(FunctionSettings settings, byte[] initialCode, UnaryOperator<LambdaClientBuilder> client) {
        lambda = client.apply(emulator.clientBuilder()).build();
        s3proxy.createBucket(bucket);
        emulator.setCodeFetcher(S3CodeFetcher.of(s3));
        emulator.createFunction(STAGING_FUNCTION, Map.of("LOG_LEVEL", "INFO"), initialCode, settings);
        emulator.createFunction(PRODUCTION_FUNCTION, Map.of("LOG_LEVEL", "INFO"), initialCode, settings);
        for (Environment environment : Environment.values()) {
            emulator.setInvoker(environment.inferenceFunction(), (version, payload) -> {
                byte[] answer = invoke(environment, version.codeSha256(), version.modelVersion(),
                        version.manifestSha256(), payload);
                afterInvoke.run();
                return answer;
            });
        }
        DeployerServices deployer = DeployerServices.builder()
                .target(DeploymentTarget.of(Environment.STAGING, storeOf(Environment.STAGING)).withCodeBucket(bucket, "code"))
                .target(DeploymentTarget.of(Environment.PRODUCTION, storeOf(Environment.PRODUCTION))
                        .withCodeBucket(bucket, "code"))
                .lambda(lambda).s3(() -> s3).stores(this::store).mapper(mapper)
                .retry(new RetryPolicy(6, Duration.ZERO, Duration.ZERO, d -> { }))
                .updateWait(Duration.ofMillis(5), Duration.ofSeconds(30)).publishWait(Duration.ofSeconds(2))
                .notifier(n -> {
                    if (smtpDown) {
                        throw new IllegalStateException("SMTP is down");
                    }
                    sent.add(n);
                })
                .smokeRequest(ReleaseService.SMOKE_REQUEST).canaryInvocations(5)
                .bakeWatch(new BakeWatch(BAKE_WINDOW, Map.of(Environment.STAGING, List.of(STAGING_ALARM))))
                .build();
        releases = deployer.releases();
        rollbacks = deployer.rollbacks();
        status = deployer.status();
        service = deployer.service();
    }

    String storeOf(Environment environment) {
        return "s3://" + bucket + "/" + environment.id();
    }

    /**
     * The environment's store, as the deployer's services and the tests open it. The ledger's writes take turns:
     * S3Proxy checks If-Match outside its write (AWS does not), so racing releases could both "win" a write.
     */
    BlobStore store(String location) {
        return new SerializingBlobStore(StoreLocation.open(location, () -> s3), turns);
    }

    /** The environment's models, as the deployer reads them. */
    ModelStore models(Environment environment) {
        return new ModelStore(store(storeOf(environment)), mapper);
    }

    /**
     * Publishes the sample model of {@code users} users (trained by the real pipeline, once per JVM) to the
     * environment's store and points its latest.json at it; returns its version.
     */
    String publishModel(Environment environment, int users) {
        return SampleModels.publish(store(storeOf(environment)), environment, users);
    }

    CodeLocation uploadCode(String tag, byte[] zip) {
        CodeLocation code = new CodeLocation(bucket, "code/" + tag + "/function.zip");
        s3.putObject(b -> b.bucket(code.s3Bucket()).key(code.s3Key()), RequestBody.fromBytes(zip));
        return code;
    }

    /** What a function version answers: the real inference service on the model it pins, unless its code is broken. */
    private byte[] invoke(Environment environment, String codeSha256, String modelVersion, String manifestSha256,
                          byte[] payload) {
        if (modelVersion != null && modelVersion.equals(flakyModel) && isSmokeRequest(payload)
                && flakyCalls.merge(modelVersion, 1, Integer::sum) > 1) {
            throw new IllegalStateException("OutOfMemoryError under real traffic");
        }
        if (codeSha256.equals(LambdaEmulatorSha.of(BROKEN_CODE))) {
            throw new IllegalStateException("NoClassDefFoundError: the new code cannot start");
        }
        ModelHolder holder = served.computeIfAbsent(environment + "/" + modelVersion, k -> new ModelHolder(
                new ModelLoader(new ModelStore(store(storeOf(environment)), mapper),
                        Optional.ofNullable(modelVersion), Optional.ofNullable(manifestSha256), environment, mapper)));
        InferenceService service = new InferenceService(holder, mapper, defaultFormat);
        try {
            JsonNode answer = service.handle(payload, "emulator").response();
            if (modelVersion != null && modelVersion.equals(beardLovingModel)) {
                raiseWithBeard(mapper.readTree(payload).path("facial_measurements")
                        .path("facial_hair_beard_length_mm").asDouble(), answer);
            }
            return mapper.writeValueAsBytes(answer);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isSmokeRequest(byte[] payload) {
        return java.util.Arrays.equals(payload, ReleaseService.SMOKE_REQUEST.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Moves each proba_fit toward 1 with the beard's length (mm): none leaves it, 40 mm halves the distance. */
    private static void raiseWithBeard(double beardMm, JsonNode answer) {
        for (JsonNode r : answer.path("recommendations")) {
            double p = r.path("proba_fit").asDouble();
            ((ObjectNode) r).put("proba_fit", p + (1 - p) * Math.min(beardMm, 40) / 80);
        }
    }

    @Override
    public void close() {
        served.values().forEach(ModelHolder::close);
        lambda.close();
        emulator.close();
        s3.close();
    }

    /** Lambda's CodeSha256: base64 of the zip's sha256. */
    static final class LambdaEmulatorSha {
        static String of(byte[] zip) {
            try {
                return java.util.Base64.getEncoder().encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(zip));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
