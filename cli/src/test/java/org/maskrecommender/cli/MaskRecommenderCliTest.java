package org.maskrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.testkit.S3ProxyServer;

class MaskRecommenderCliTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Json.newMapper();

    /** One command run: exit status and what it printed. */
    private record Run(int status, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (CliContext context = new CliContext(env, dir, new PrintWriter(out), new PrintWriter(err))) {
            int status = MaskRecommenderCli.run(context, args);
            context.out().flush();
            context.err().flush();
            return new Run(status, out.toString(), err.toString());
        }
    }

    @Test
    void trainWithJsonPrintsOneObjectAndProgressGoesToStderr() throws Exception {
        Run run = run(Map.of("GIT_SHA", "cafe"), "train", "--sample-users", "300", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonNode result = mapper.readTree(run.out());
        assertThat(run.out().strip().lines()).hasSize(1);
        assertThat(result.path("environment").asText()).isEqualTo("staging");
        assertThat(result.path("store").asText()).isEqualTo(dir.resolve("model-store").resolve("staging").toString());
        assertThat(result.path("metrics").path("roc_auc").asDouble()).isGreaterThan(0.6);
        assertThat(result.path("rows").path("read").asInt()).isPositive();
        String version = result.path("version").asText();
        assertThat(dir.resolve("model-store/staging/models/" + version + "/model.onnx")).isRegularFile();
        JsonNode manifest = mapper.readTree(dir.resolve("model-store/staging/models/" + version + "/manifest.json").toFile());
        assertThat(manifest.path("code").path("git_sha").asText()).isEqualTo("cafe");
        assertThat(run.err()).contains("… Reading fit tests from the sample generator")
                .contains("… Cross-validated logistic_regression").contains("… Quality gate: promoted")
                .contains("… Published and promoted " + version);
    }

    @Test
    void trainPrintsAReadableSummary() {
        Run run = run(Map.of(), "train", "--sample-users", "300", "--environment", "production",
                "--eval-fraction", "0.3");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Published model ").contains("(production)")
                .containsPattern("eval set   \\d+ users, \\d+ rows \\(30% of users by a hash of user_id")
                .contains("eval       ROC AUC").contains("rows       read ").contains("mask_modded")
                .contains("CV ROC AUC (5 user-grouped folds; chosen ")
                .contains("  logistic_regression(learning_rate=0.1, epochs=8, family_shrinkage_rows=20.0)");
    }

    @Test
    void sampleThenTrainOnTheFileWithACatalogue() throws Exception {
        Path data = dir.resolve("export/fit-tests.json");
        Run sample = run(Map.of(), "sample", "--users", "250", "--out", data.toString());
        assertThat(sample.status()).as(sample.err()).isZero();
        assertThat(mapper.readTree(data.toFile()).isArray()).isTrue();
        Path catalogue = dir.resolve("catalogue.json");
        Files.writeString(catalogue, """
                {"masks": [{"id": 5001, "unique_internal_model_code": "Untested Duckbill", "fit_family_id": 777,
                            "perimeter_mm": 401.5, "style": "Duckbill", "strap_type": "Headstrap"}]}""");

        Run train = run(Map.of(), "train", "--data", data.toString(), "--catalogue", catalogue.toString(),
                "--store", dir.resolve("elsewhere").toString(), "--json");

        assertThat(train.status()).as(train.err()).isZero();
        JsonNode result = mapper.readTree(train.out());
        String masks = Files.readString(dir.resolve("elsewhere/models/" + result.path("version").asText() + "/masks.json"));
        assertThat(masks).contains("Untested Duckbill");
    }

    @Test
    void failuresExitNonZeroWithTheReason() {
        Run missing = run(Map.of(), "train", "--data", dir.resolve("nope.csv").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("error [data_unavailable]").contains("nope.csv");
        assertThat(dir.resolve("model-store/staging/models/latest.json")).doesNotExist();

        Run usage = run(Map.of(), "train", "--no-such-flag");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(usage.err()).contains("--no-such-flag");
    }

    @Test
    void maxRowsRefusesALargerFileAsInputTooLarge() {
        Path data = dir.resolve("fit-tests.csv");
        Run sample = run(Map.of(), "sample", "--users", "200", "--out", data.toString());
        assertThat(sample.status()).as(sample.err()).isZero();

        Run train = run(Map.of(), "train", "--data", data.toString(), "--max-rows", "1000");

        assertThat(train.status()).isEqualTo(1);
        assertThat(train.err()).contains("error [input_too_large]: " + data + ": more than 1,000 rows")
                .contains("raise --max-rows").doesNotContain("\tat ");
        assertThat(dir.resolve("model-store/staging/models/latest.json")).doesNotExist();
        assertThat(run(Map.of(), "train", "--help").out()).contains("--max-rows");
    }

    @Test
    void trainPublishesToS3ThroughTheStandardAwsVariables() throws Exception {
        S3ProxyServer s3proxy = S3ProxyServer.shared();
        String bucket = "recommender-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = s3proxy.client()) {
            s3proxy.createBucket(bucket);
            Run run = run(s3proxy.awsEnvironment(), "train", "--sample-users", "300", "--environment", "production",
                    "--store", "s3://" + bucket + "/production", "--json");

            assertThat(run.status()).as(run.err()).isZero();
            String version = mapper.readTree(run.out()).path("version").asText();
            byte[] latest = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket)
                    .key("production/models/latest.json").build()).asByteArray();
            assertThat(mapper.readTree(latest).path("version").asText()).isEqualTo(version);
        }
    }
}
