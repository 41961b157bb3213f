package org.maskrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;
import org.maskrecommender.testkit.S3ProxyServer;
import org.maskrecommender.testkit.lambda.DeploymentPackages;
import org.maskrecommender.testkit.lambda.FunctionSettings;
import org.maskrecommender.testkit.lambda.FunctionVersionView;
import org.maskrecommender.testkit.lambda.LambdaEmulator;
import org.maskrecommender.testkit.lambda.S3CodeFetcher;
import org.maskrecommender.training.SampleModels;

/**
 * {@code deploy}, {@code rollback} and {@code status} run in-process against real local stand-ins: models,
 * ledger, release records and code zips in S3Proxy (a real S3 API server), the Lambda control plane in the
 * test kit's emulator, whose Invoke runs the real inference service on the model each version pins, and
 * email through a real SMTP server (GreenMail). S3Proxy is the test JVM's shared one, with a bucket of this
 * class's own; each test gets a fresh emulator and its own function name (so its own deployment ledger); the
 * models are real ones, trained once per JVM ({@link SampleModels}). Updates are polled every 10 ms
 * ({@code DEPLOYER_POLL_DELAY}) instead of every second.
 */
class DeployCommandsTest {

    /** Native packages: the functions run provided.al2023, the template's default. */
    private static final byte[] INITIAL_CODE = DeploymentPackages.nativeZip("0.9");
    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final AtomicInteger FUNCTIONS = new AtomicInteger();

    @TempDir
    static Path home;

    private static S3ProxyServer s3proxy;
    private static S3Client s3;
    /** This class's bucket on the shared S3Proxy, and the staging store in it. */
    private static String bucket;
    private static String store;
    /** Two models of the staging store; latest.json names {@code modelB}. */
    private static String modelA;
    private static String modelB;
    /** What the emulated functions serve: store + model version → the loaded model. */
    private static final Map<String, ModelHolder> SERVED = new ConcurrentHashMap<>();

    private LambdaEmulator emulator;
    private String function;
    private Map<String, String> env;
    /** When set, every invocation fails the way a function whose new code cannot start does. */
    private volatile boolean broken;

    private record Run(int status, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (CliContext context = new CliContext(env, home, new PrintWriter(out), new PrintWriter(err))) {
            int status = MaskRecommenderCli.run(context, args);
            context.out().flush();
            context.err().flush();
            return new Run(status, out.toString(), err.toString());
        }
    }

    @BeforeAll
    static void publishModels() {
        s3proxy = S3ProxyServer.shared();
        s3 = s3proxy.client();
        bucket = "recommender-" + UUID.randomUUID().toString().substring(0, 8);
        store = "s3://" + bucket + "/staging";
        s3proxy.createBucket(bucket);
        BlobStore staging = StoreLocation.open(store, () -> s3);
        modelA = SampleModels.publish(staging, Environment.STAGING, 200);
        // published last, so latest.json names it: tag releases take latest.json
        modelB = SampleModels.publish(staging, Environment.STAGING, 260);
        assertThat(modelA).isNotEqualTo(modelB);
    }

    @AfterAll
    static void stopServers() {
        SERVED.values().forEach(ModelHolder::close);
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void startLambda() {
        emulator = LambdaEmulator.start();
        emulator.setCodeFetcher(S3CodeFetcher.of(s3));
        function = "inference-staging-" + FUNCTIONS.incrementAndGet();
        addFunction(function, store);
        env = new HashMap<>(s3proxy.awsEnvironment());
        env.putAll(emulator.awsEnvironment());
        env.put("STAGING_FUNCTION", function);
        env.put("DEPLOYER_POLL_DELAY", "PT0.01S");
        env.put("USER", "alice");
        env.put("GIT_SHA", "cafe1234");
    }

    @AfterEach
    void stopLambda() {
        emulator.close();
    }

    /** A function whose every version answers like the inference function on the model it pins. */
    private void addFunction(String name, String location) {
        emulator.createFunction(name, Map.of("LOG_LEVEL", "INFO"), INITIAL_CODE, FunctionSettings.nativeImage());
        emulator.setInvoker(name, (version, payload) -> infer(location, version, payload));
    }

    private byte[] infer(String location, FunctionVersionView version, byte[] payload) throws Exception {
        if (broken) {
            throw new IllegalStateException("NoClassDefFoundError: the new code cannot start");
        }
        ModelHolder holder = SERVED.computeIfAbsent(location + "@" + version.modelVersion(), k -> new ModelHolder(
                new ModelLoader(new ModelStore(StoreLocation.open(location, () -> s3), MAPPER),
                        Optional.ofNullable(version.modelVersion()), Optional.ofNullable(version.manifestSha256()),
                        Environment.STAGING, MAPPER)));
        return MAPPER.writeValueAsBytes(new InferenceService(holder, MAPPER).handle(payload, "emulator").response());
    }

    private Run cli(String... args) {
        return run(env, args);
    }

    private Optional<String> live() {
        return emulator.alias(function, "live").map(a -> a.functionVersion());
    }

    private Run deployModel(String model, String... more) {
        String[] args = {"deploy", "--environment", "staging", "--model-version", model, "--store", store};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return cli(all);
    }

    @Test
    void modelOnlyDeployPublishesSmokeTestsAndMovesLiveAndPrintsTheResultAsJson() throws Exception {
        Run r = deployModel(modelA, "--json");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        JsonNode entry = MAPPER.readTree(r.out()).path("entry");
        assertThat(entry.path("to_version").asText()).isEqualTo("1");
        assertThat(entry.has("from_version")).isFalse();
        assertThat(entry.path("model_version").asText()).isEqualTo(modelA);
        assertThat(entry.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(entry.path("function").asText()).isEqualTo(function);
        assertThat(entry.path("trigger").path("type").asText()).isEqualTo("manual");
        assertThat(entry.path("trigger").path("actor").asText()).isEqualTo("alice");
        assertThat(entry.path("trigger").path("git_sha").asText()).isEqualTo("cafe1234");
        assertThat(MAPPER.readTree(r.out()).path("release_record").asText()).isEqualTo("releases/" + modelA + ".json");

        assertThat(live()).contains("1");
        FunctionVersionView v1 = emulator.version(function, "1");
        assertThat(v1.modelVersion()).isEqualTo(modelA);
        assertThat(v1.environment()).containsEntry("LOG_LEVEL", "INFO");
        // the smoke test ran against the new version number, with the real inference service, before the alias moved
        assertThat(emulator.invocations()).isNotEmpty().allSatisfy(i -> {
            assertThat(i.qualifier()).isEqualTo("1");
            assertThat(i.functionError()).isNull();
            assertThat(i.responseUtf8()).contains("\"recommendations\"").contains(modelA);
        });
        List<String> calls = emulator.calls();
        assertThat(calls).doesNotContain("UpdateFunctionCode");
        assertThat(calls.indexOf("Invoke")).isLessThan(calls.indexOf("CreateAlias"));
        // the ledger and the release record are in the environment's store
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("staging/deployments/" + function + ".json"))
                .asUtf8String()).contains(entry.path("id").asText());
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("staging/releases/" + modelA + ".json"))
                .asUtf8String()).contains(modelA);
        assertThat(r.err()).contains("email not configured: [mask-recommender] staging release succeeded: none → 1 "
                + "(Manual)");
    }

    @Test
    void aSecondDeployPrintsAReadableSummaryFromTheOldToTheNewVersion() {
        assertThat(deployModel(modelA).status()).isZero();

        Run r = deployModel(modelB);

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Released staging: " + function + " alias live 1 → 2")
                .contains("model      " + modelB)
                .contains("record     " + store + "/releases/" + modelB + ".json")
                .contains("trigger    Manual by alice");
        assertThat(live()).contains("2");
        assertThat(emulator.version(function, "2").modelVersion()).isEqualTo(modelB);
    }

    @Test
    void liveCodeAboveTheDirectUploadLimitIsPutBackThroughCodeBucket() {
        // the stack's initial version behind live, then a failed tag release leaves other code in $LATEST
        emulator.createAlias(function, "live", emulator.publishVersion(function, "stack's initial version"));
        String tag = "staging-recommender-v1.3.0";
        s3.putObject(b -> b.bucket(bucket).key("code/" + tag + "/function.zip"),
                RequestBody.fromBytes(DeploymentPackages.nativeZip("1.3.0")));
        broken = true;
        assertThat(cli("deploy", "--environment", "staging", "--tag", tag, "--code",
                "s3://" + bucket + "/code/" + tag + "/function.zip", "--store", store).status()).isEqualTo(1);
        broken = false;
        emulator.setDirectUploadLimit(INITIAL_CODE.length - 1); // stands in for Lambda's 50 MB

        Run direct = cli("deploy", "--environment", "staging", "--model-version", modelA, "--store", store);
        assertThat(direct.status()).isEqualTo(1);
        assertThat(direct.err()).contains("50 MB").contains("CODE_BUCKET");

        env.put("CODE_BUCKET", bucket);
        Run staged = cli("deploy", "--environment", "staging", "--model-version", modelA, "--store", store);
        assertThat(staged.status()).as(staged.err()).isZero();
        assertThat(emulator.codeZipFor(function, "live")).isEqualTo(INITIAL_CODE);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("restore/" + function + "/")).contents()).hasSize(1);
    }

    @Test
    void aTagDeployReleasesTheCodeZipFromS3WithTheLatestModel() throws Exception {
        String tag = "staging-recommender-v1.2.0";
        byte[] zip = DeploymentPackages.nativeZip("1.2.0");
        s3.putObject(b -> b.bucket(bucket).key("code/" + tag + "/function.zip"), RequestBody.fromBytes(zip));

        Run r = cli("deploy", "--environment", "staging", "--tag", tag, "--code",
                "s3://" + bucket + "/code/" + tag + "/function.zip", "--store", store, "--json");

        assertThat(r.status()).as(r.err()).isZero();
        JsonNode entry = MAPPER.readTree(r.out()).path("entry");
        assertThat(entry.path("trigger").path("type").asText()).isEqualTo("tag");
        assertThat(entry.path("trigger").path("tag").asText()).isEqualTo(tag);
        assertThat(entry.path("model_version").asText()).isEqualTo(modelB); // latest.json at that moment
        assertThat(emulator.version(function, "1").modelVersion()).isEqualTo(modelB);
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(zip);
        assertThat(entry.path("code_sha256").asText()).isEqualTo(Base64.getEncoder().encodeToString(sha256));
        assertThat(live()).contains("1");
        assertThat(emulator.codeZipFor(function, "live")).isEqualTo(zip);
        assertThat(emulator.calls()).contains("UpdateFunctionCode");
        JsonNode record = MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket)
                .key("staging/releases/" + tag + ".json")).asByteArray());
        assertThat(record.path("code").path("sha256").asText()).isEqualTo(HexFormat.of().formatHex(sha256));
        assertThat(record.path("lambda_version").asText()).isEqualTo("1");
        assertThat(record.path("git_sha").asText()).isEqualTo("cafe1234");
    }

    @Test
    void aTagOfTheOtherEnvironmentOrNoTagAtAllIsRefusedBeforeAnyLambdaCall() {
        Run other = cli("deploy", "--environment", "staging", "--tag", "production-recommender-v1.0.0", "--code",
                "s3://" + bucket + "/code/production-recommender-v1.0.0/function.zip", "--store", store);
        assertThat(other.status()).isEqualTo(2);
        assertThat(other.err()).contains("error: tag production-recommender-v1.0.0 belongs to production, not staging");

        Run malformed = cli("deploy", "--environment", "staging", "--tag", "staging-recommender-1.0", "--code",
                "s3://" + bucket + "/code/x.zip", "--store", store);
        assertThat(malformed.status()).isEqualTo(2);
        assertThat(malformed.err()).contains("error: tag 'staging-recommender-1.0' has an unknown prefix");

        Run badCode = cli("deploy", "--environment", "staging", "--tag", "staging-recommender-v1.0.0", "--code",
                "code.zip", "--store", store);
        assertThat(badCode.status()).isEqualTo(2);
        assertThat(badCode.err()).contains("not an s3:// location: code.zip");

        Run both = cli("deploy", "--environment", "staging", "--tag", "staging-recommender-v1.0.0", "--code",
                "s3://b/k.zip", "--model-version", modelA, "--store", store);
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).contains("expected only one match");

        Run tagWithoutCode = cli("deploy", "--environment", "staging", "--tag", "staging-recommender-v1.0.0");
        assertThat(tagWithoutCode.status()).isEqualTo(2);
        assertThat(tagWithoutCode.err()).contains("--code");

        Run unknownEnvironment = cli("deploy", "--environment", "dev", "--model-version", modelA);
        assertThat(unknownEnvironment.status()).isEqualTo(2);
        assertThat(unknownEnvironment.err()).contains("unknown environment 'dev'");

        Run badCanary = deployModel(modelA, "--canary", "1.5");
        assertThat(badCanary.status()).isEqualTo(2);
        assertThat(badCanary.err()).contains("canary weight must be between 0 and 1");

        assertThat(emulator.callLog()).isEmpty();
        assertThat(live()).isEmpty();
    }

    @Test
    void statusShowsTheAliasItsModelAndRecordAndTheLastLedgerEntries() throws Exception {
        Run before = cli("status", "--environment", "staging", "--store", store);
        assertThat(before.status()).as(before.err()).isZero();
        assertThat(before.out()).contains(function + " has no alias live").contains("No deployment ledger entries yet.");

        deployModel(modelA);
        deployModel(modelB);

        Run r = cli("status", "--environment", "staging", "--store", store);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("staging: " + function + " alias live → version 2")
                .contains("routing    all traffic to version 2")
                .contains("model      " + modelB)
                .contains("record     " + store + "/releases/" + modelB + ".json")
                .contains("Last 2 ledger entries, oldest first:");
        List<String> ledger = r.out().lines().filter(l -> l.startsWith("  20")).toList();
        assertThat(ledger).hasSize(2);
        assertThat(ledger.get(0)).contains("release   succeeded  none → 1  model " + modelA + "  Manual by alice");
        assertThat(ledger.get(1)).contains("release   succeeded  1 → 2  model " + modelB);

        Run json = cli("status", "--environment", "staging", "--store", store, "--json");
        assertThat(json.status()).isZero();
        JsonNode status = MAPPER.readTree(json.out());
        assertThat(status.path("function").asText()).isEqualTo(function);
        assertThat(status.path("alias_version").asText()).isEqualTo("2");
        assertThat(status.path("model_version").asText()).isEqualTo(modelB);
        assertThat(status.path("last_entries")).hasSize(2);
    }

    @Test
    void rollbackGoesToThePreviousVersionThenToANamedOne() throws Exception {
        deployModel(modelA);
        deployModel(modelB);
        assertThat(live()).contains("2");

        Run previous = cli("rollback", "--environment", "staging", "--store", store);
        assertThat(previous.status()).as(previous.err()).isZero();
        assertThat(previous.out()).contains("Rolled back staging: " + function + " alias live 2 → 1")
                .contains("model      " + modelA).contains("trigger    Manual by alice");
        assertThat(live()).contains("1");

        Run named = cli("rollback", "--environment", "staging", "--to-version", "2", "--store", store, "--json");
        assertThat(named.status()).as(named.err()).isZero();
        JsonNode entry = MAPPER.readTree(named.out()).path("entry");
        assertThat(entry.path("action").asText()).isEqualTo("rollback");
        assertThat(entry.path("from_version").asText()).isEqualTo("1");
        assertThat(entry.path("to_version").asText()).isEqualTo("2");
        assertThat(entry.path("model_version").asText()).isEqualTo(modelB);
        assertThat(entry.path("trigger").path("type").asText()).isEqualTo("manual");
        assertThat(live()).contains("2");
        assertThat(emulator.publishedVersions(function)).containsExactly("1", "2"); // nothing republished
    }

    @Test
    void rollbackToAVersionThatDoesNotExistFailsAndLeavesTheAlias() {
        deployModel(modelA);
        emulator.clearCalls();

        Run r = cli("rollback", "--environment", "staging", "--to-version", "9", "--store", store);

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error: version 9 of " + function + " does not exist");
        assertThat(r.out()).contains("Rollback of staging refused: alias live of " + function + " left at 1");
        assertThat(live()).contains("1");
        assertThat(emulator.calls()).doesNotContain("UpdateAlias", "CreateAlias");
        Run status = cli("status", "--environment", "staging", "--store", store);
        assertThat(status.out()).contains("rollback  refused    1 → none").contains("error: version 9 of");
    }

    @Test
    void aFailingSmokeTestExitsNonZeroAndLeavesTheAliasWhereItWas() throws Exception {
        assertThat(deployModel(modelA).status()).isZero();
        broken = true;

        Run r = deployModel(modelB);

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error: smoke test of " + function + ":2 failed (Unhandled)")
                .contains("the new code cannot start");
        assertThat(r.out()).contains("Release to staging failed: alias live of " + function + " left at 1; version 2 "
                + "was published but gets no traffic");
        assertThat(live()).contains("1");
        assertThat(emulator.publishedVersions(function)).containsExactly("1", "2");

        Run json = cli("status", "--environment", "staging", "--store", store, "--json");
        JsonNode last = MAPPER.readTree(json.out()).path("last_entries").get(1);
        assertThat(last.path("outcome").asText()).isEqualTo("failed");
        assertThat(last.path("error").asText()).contains("smoke test");
    }

    @Test
    void aCanaryRoutesPartOfTheTrafficThroughTheAliasBeforeShiftingFully() {
        assertThat(deployModel(modelA).status()).isZero();
        emulator.setRoutingSeed(7);

        Run r = deployModel(modelB, "--canary", "0.5");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(live()).contains("2");
        assertThat(emulator.alias(function, "live").orElseThrow().additionalVersionWeights()).isEmpty();
        assertThat(emulator.invocations().stream().filter(i -> "live".equals(i.qualifier()))
                .filter(i -> "2".equals(i.executedVersion())).count())
                .as("through the alias until the new version itself answered 3 times").isEqualTo(3);
    }

    @Test
    void withoutStoreOrFunctionVariablesTheDefaultsApply() throws Exception {
        String local = SampleModels.publish(new LocalBlobStore(home.resolve("model-store/staging")), Environment.STAGING,
                200);
        env.remove("STAGING_FUNCTION");
        addFunction("mask-recommender-inference-staging", home.resolve("model-store/staging").toString());
        emulator.createFunction("mask-recommender-inference", Map.of("MODEL_VERSION", "v-prod"), INITIAL_CODE,
                FunctionSettings.nativeImage());
        emulator.createAlias("mask-recommender-inference", "live",
                emulator.publishVersion("mask-recommender-inference", "by hand"));

        Run r = cli("deploy", "--environment", "staging", "--model-version", local);

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(emulator.alias("mask-recommender-inference-staging", "live").orElseThrow().functionVersion())
                .isEqualTo("1");
        assertThat(home.resolve("model-store/staging/deployments/mask-recommender-inference-staging.json")).isRegularFile();
        Run production = cli("status", "--environment", "production");
        assertThat(production.status()).as(production.err()).isZero();
        assertThat(production.out()).contains("production: mask-recommender-inference alias live → version 1")
                .contains("model      v-prod");
    }

    @Test
    void withSmtpConfiguredTheReleaseAndFailureEmailsArrive() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        try {
            env.put("SMTP_HOST", "127.0.0.1");
            env.put("SMTP_PORT", String.valueOf(mail.getSmtp().getPort()));
            env.put("NOTIFY_EMAILS", "oncall@example.org, team@example.org");
            env.put("MAIL_FROM", "deployer@example.org");

            Run ok = deployModel(modelA);

            assertThat(ok.status()).as(ok.err()).isZero();
            assertThat(ok.err()).contains("email sent to oncall@example.org, team@example.org");
            assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
            MimeMessage[] received = mail.getReceivedMessages();
            assertThat(received).hasSize(2); // one per recipient
            MimeMessage message = received[0];
            assertThat(message.getSubject()).isEqualTo("[mask-recommender] staging release succeeded: none → 1 (Manual)");
            assertThat(message.getFrom()).containsExactly(new InternetAddress("deployer@example.org"));
            assertThat(Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                    .containsExactlyInAnyOrder("oncall@example.org", "team@example.org");
            String body = text(message);
            assertThat(body).contains("Outcome:        SUCCEEDED").contains("Function:       " + function)
                    .contains("Lambda version: none → 1").contains("Model version:  " + modelA)
                    .contains("held-out ROC AUC").contains("Triggered by:   alice").contains("Commit:         cafe1234");

            broken = true;
            Run failed = deployModel(modelB);

            assertThat(failed.status()).isEqualTo(1);
            assertThat(mail.waitForIncomingEmail(10_000, 4)).isTrue();
            List<MimeMessage> failures = new java.util.ArrayList<>();
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (m.getSubject().contains(" failed")) {
                    failures.add(m);
                }
            }
            assertThat(failures).hasSize(2);
            MimeMessage failure = failures.get(0);
            assertThat(failure.getSubject()).isEqualTo("[mask-recommender] staging release failed: 1 → 2 (Manual)");
            assertThat(text(failure)).contains("Outcome:        FAILED").contains("Error:")
                    .contains("smoke test of " + function + ":2 failed");
        } finally {
            mail.stop();
        }
    }

    @Test
    void anUnreachableSmtpServerNeitherFailsNorRepeatsTheRelease() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(closedPort));
        env.put("NOTIFY_EMAILS", "oncall@example.org");

        Run r = deployModel(modelA);

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: email not sent: SMTP 127.0.0.1:" + closedPort);
        assertThat(live()).contains("1");
        assertThat(emulator.publishedVersions(function)).containsExactly("1");
    }

    @Test
    void unusableSmtpSettingsAreAUsageErrorBeforeAnythingHappens() {
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", "smtp");
        Run port = deployModel(modelA);
        assertThat(port.status()).isEqualTo(2);
        assertThat(port.err()).contains("error: SMTP_PORT must be a port number (1-65535), got \"smtp\"");

        env.put("SMTP_PORT", "2525");
        env.put("SMTP_START_TLS", "yes");
        Run tls = cli("rollback", "--environment", "staging", "--store", store);
        assertThat(tls.status()).isEqualTo(2);
        assertThat(tls.err()).contains("error: SMTP_START_TLS must be true or false, got \"yes\"");

        assertThat(emulator.callLog()).isEmpty();
    }

    @Test
    void anUnusablePollDelayIsAUsageErrorBeforeAnythingHappens() {
        env.put("DEPLOYER_POLL_DELAY", "1s");
        Run deploy = deployModel(modelA);
        assertThat(deploy.status()).isEqualTo(2);
        assertThat(deploy.err()).contains("error: DEPLOYER_POLL_DELAY must be an ISO-8601 duration such as PT1S, got \"1s\"");

        env.put("DEPLOYER_POLL_DELAY", "-PT1S");
        Run status = cli("status", "--environment", "staging", "--store", store);
        assertThat(status.status()).isEqualTo(2);
        assertThat(status.err()).contains("got \"-PT1S\"");

        assertThat(emulator.callLog()).isEmpty();
    }

    /** The decoded text of a plain-text message, with the line ends the notification had. */
    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        assertThat(content).isInstanceOf(String.class);
        return ((String) content).replace("\r\n", "\n");
    }
}
