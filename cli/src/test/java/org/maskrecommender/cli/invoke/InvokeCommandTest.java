package org.maskrecommender.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.cli.CliContext;
import org.maskrecommender.cli.MaskRecommenderCli;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelRef;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.testkit.lambda.DeploymentPackages;
import org.maskrecommender.testkit.lambda.LambdaEmulator;
import org.maskrecommender.testkit.lambda.S3CodeFetcher;
import org.maskrecommender.training.SampleModels;

/**
 * {@code invoke} runs the sample events of {@code docs/events/} through the real deployment packages the build made
 * ({@code <function>/target/function.zip}), each in its own process under AWS's Java runtime client, configured only
 * by environment variables: inference on a local store, training into a local store, the deployer against S3Proxy,
 * the Lambda API emulator (whose Invoke runs the real inference service) and a GreenMail SMTP server.
 */
class InvokeCommandTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path EVENTS = ROOT.resolve("docs/events");
    private static final ObjectMapper MAPPER = Json.newMapper();

    @TempDir
    static Path home;

    private static String inferenceStore;
    private static String model;

    private record Run(int status, String out, String err) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(out);
        }
    }

    @BeforeAll
    static void publishModel() throws IOException {
        Path store = Files.createDirectories(home.resolve("inference-store"));
        inferenceStore = store.toString();
        model = SampleModels.publish(new LocalBlobStore(store), Environment.STAGING, 200);
    }

    private static Run invoke(Map<String, String> env, String function, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[3 + more.length];
        args[0] = "invoke";
        args[1] = function;
        args[2] = "--package=" + ROOT.resolve(function).resolve("target/function.zip");
        System.arraycopy(more, 0, args, 3, more.length);
        try (CliContext context = new CliContext(env, home, new PrintWriter(out), new PrintWriter(err))) {
            int status = MaskRecommenderCli.run(context, args);
            context.out().flush();
            context.err().flush();
            return new Run(status, out.toString(), err.toString());
        }
    }

    private static String event(String name) {
        return "--event=" + EVENTS.resolve(name);
    }

    @Test
    void inferenceAnswersTheDirectRequestAndTheApiGatewayEvent() throws IOException {
        Map<String, String> env = Map.of("MODEL_STORE", inferenceStore, "ENVIRONMENT", "staging");

        Run direct = invoke(env, "inference", event("inference-request.json"));
        assertThat(direct.status()).as(direct.err()).isZero();
        assertThat(direct.json().get("recommendations")).hasSize(5);
        assertThat(direct.json().at("/model/version").asText()).isEqualTo(model);
        // The function's own log went to stderr, stdout holds only the answer.
        assertThat(direct.err()).contains("\"outcome\":\"ok\"");

        Run http = invoke(env, "inference", event("inference-api-gateway.json"));
        assertThat(http.status()).as(http.err()).isZero();
        assertThat(http.json().get("statusCode").asInt()).isEqualTo(200);
        assertThat(MAPPER.readTree(http.json().get("body").asText()).get("recommendations")).hasSize(3);
    }

    @Test
    void aFunctionThatCannotStartIsAFunctionErrorWithItsType() {
        Run run = invoke(Map.of("MODEL_STORE", inferenceStore, "ENVIRONMENT", "nowhere"), "inference",
                event("inference-request.json"));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).containsPattern("function error \\[[\\w.]+\\] while initialising: ");
    }

    @Test
    void trainingPublishesOnTheScheduleAndTheManualEvent() throws IOException {
        Path store = Files.createDirectories(home.resolve("training-store"));
        Map<String, String> env = Map.of("MODEL_STORE", store.toString(), "ENVIRONMENT", "staging");

        Run schedule = invoke(env, "training", event("training-schedule.json"));
        assertThat(schedule.status()).as(schedule.err()).isZero();
        assertThat(schedule.json().get("trigger").asText()).isEqualTo("schedule");
        String first = schedule.json().get("version").asText();
        Run manual = invoke(env, "training", event("training-manual.json"));
        assertThat(manual.status()).as(manual.err()).isZero();
        assertThat(manual.json().get("trigger").asText()).isEqualTo("manual");
        String second = manual.json().get("version").asText();

        ModelStore published = new ModelStore(new LocalBlobStore(store), MAPPER);
        assertThat(published.manifest(first).version()).isEqualTo(first);
        assertThat(published.latestVersion()).contains(second);
    }

    @Test
    void aFailedTrainingRunIsAFunctionErrorWithItsCode() {
        Path store = home.resolve("failing-store");
        Run run = invoke(Map.of("MODEL_STORE", store.toString(), "DATA_SOURCE", home.resolve("missing.csv").toString()),
                "training", event("training-manual.json"));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("function error [org.maskrecommender.training.lambda.TrainingFailure$")
                .contains("missing.csv");
        assertThat(store.resolve("models/latest.json")).doesNotExist();
    }

    @Test
    void aTrainingRunLongerThanTheTimeoutIsStopped() {
        Path store = home.resolve("slow-store");
        Run run = invoke(Map.of("MODEL_STORE", store.toString()), "training", event("training-manual.json"),
                "--timeout=1");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("error: no answer within 1 s (--timeout); the function was stopped");
        assertThat(store.resolve("models/latest.json")).doesNotExist();
    }

    @Test
    void anEventThatIsNotJsonIsRefusedBeforeAnythingRuns() throws IOException {
        Path bad = Files.writeString(home.resolve("bad.json"), "{\"action\": \"status\",");

        Run run = invoke(Map.of(), "deployer", "--event=" + bad);

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains(bad + " is not a JSON event").doesNotContain("invoking");
    }

    @Test
    void theDeployerReleasesRollsBackAndReports() throws IOException {
        S3ProxyServer s3proxy = S3ProxyServer.shared();
        S3Client s3 = s3proxy.client();
        String bucket = "invoke-" + UUID.randomUUID().toString().substring(0, 8);
        s3proxy.createBucket(bucket);
        ModelStore store = new ModelStore(StoreLocation.open("s3://" + bucket + "/staging", () -> s3), MAPPER);
        String older = SampleModels.publish(store, Environment.STAGING, 200);
        String newer = SampleModels.publish(store, Environment.STAGING, 260);
        ObjectNode release = (ObjectNode) MAPPER.readTree(EVENTS.resolve("deployer-release.json").toFile());
        ((ObjectNode) release.get("code")).put("s3_bucket", bucket);
        s3.putObject(b -> b.bucket(bucket).key(release.at("/code/s3_key").asText()),
                RequestBody.fromBytes(DeploymentPackages.jvmZip("1.2.3")));

        Map<String, ModelHolder> served = new ConcurrentHashMap<>();
        // the default staging name, which the sample alarm event's dimensions name
        String function = "mask-recommender-inference-staging";
        try (LambdaEmulator lambda = LambdaEmulator.start()) {
            lambda.setCodeFetcher(S3CodeFetcher.of(s3));
            lambda.createFunction(function, Map.of(), DeploymentPackages.jvmZip("initial"));
            lambda.setInvoker(function, (version, payload) -> {
                ModelHolder holder = served.computeIfAbsent(version.modelVersion(), v -> new ModelHolder(
                        new ModelLoader(store, Optional.ofNullable(v), Optional.ofNullable(version.manifestSha256()),
                                Environment.STAGING, MAPPER)));
                return MAPPER.writeValueAsBytes(new InferenceService(holder, MAPPER).handle(payload, "emulator")
                        .response());
            });
            GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            mail.start();
            try {
                Map<String, String> env = new HashMap<>(s3proxy.awsEnvironment());
                env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
                env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
                env.put("STAGING_FUNCTION", function);
                env.put("STAGING_MODEL_STORE", "s3://" + bucket + "/staging");
                env.put("CODE_BUCKET", bucket);
                env.put("DEPLOYER_POLL_DELAY", "PT0.01S");
                env.put("NOTIFY_EMAILS", "oncall@example.org");
                env.put("SMTP_HOST", "127.0.0.1");
                env.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));

                Path releaseEvent = Files.write(home.resolve("release.json"), MAPPER.writeValueAsBytes(release));
                Run tag = invoke(env, "deployer", "--event=" + releaseEvent);
                assertThat(tag.status()).as(tag.err()).isZero();
                assertThat(tag.json().get("status").asText()).as(tag.out()).isEqualTo("succeeded");
                String firstLive = lambda.alias(function, "live").orElseThrow().functionVersion();
                assertThat(lambda.version(function, firstLive).modelVersion()).isEqualTo(newer);

                ObjectNode trained = (ObjectNode) MAPPER.readTree(EVENTS.resolve("deployer-model-trained.json")
                        .toFile());
                ModelRef ref = store.refOf(older);
                ((ObjectNode) trained.get("detail")).put("model_version", ref.version())
                        .put("manifest_sha256", ref.manifestSha256());
                Run modelRelease = invoke(env, "deployer", "--event=" + Files.write(home.resolve("trained.json"),
                        MAPPER.writeValueAsBytes(trained)));
                assertThat(modelRelease.status()).as(modelRelease.err()).isZero();
                String secondLive = lambda.alias(function, "live").orElseThrow().functionVersion();
                assertThat(secondLive).isNotEqualTo(firstLive);
                assertThat(lambda.version(function, secondLive).modelVersion()).isEqualTo(older);

                Run rollback = invoke(env, "deployer", event("deployer-rollback.json"));
                assertThat(rollback.status()).as(rollback.err()).isZero();
                assertThat(lambda.alias(function, "live").orElseThrow().functionVersion()).isEqualTo(firstLive);

                Run status = invoke(env, "deployer", event("deployer-status.json"));
                assertThat(status.status()).as(status.err()).isZero();
                assertThat(status.out()).contains(firstLive, "rollback");

                // The sample alarm fired before these releases: outside the bake window, recorded, nothing moves.
                Run alarm = invoke(env, "deployer", event("deployer-alarm.json"));
                assertThat(alarm.status()).as(alarm.err()).isZero();
                assertThat(alarm.json().get("status").asText()).as(alarm.out()).isEqualTo("refused");
                assertThat(alarm.json().at("/entry/trigger/type").asText()).isEqualTo("alarm");
                assertThat(lambda.alias(function, "live").orElseThrow().functionVersion()).isEqualTo(firstLive);
                assertThat(mail.getReceivedMessages()).hasSizeGreaterThanOrEqualTo(4);
            } finally {
                mail.stop();
                served.values().forEach(ModelHolder::close);
            }
        }
    }

}
