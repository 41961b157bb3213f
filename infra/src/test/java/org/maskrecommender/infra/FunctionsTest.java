package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The five functions, the inference aliases, the deployer's triggers, and the two environments alike. */
class FunctionsTest {

    static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private final Template template = Template.load();

    @Test
    void theFunctionsHaveTheNamesOfTheDesign() {
        Map<String, Object> names = new LinkedHashMap<>();
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            names.put(id, template.properties(id).get("FunctionName"));
        }

        assertThat(names).containsExactly(
                Map.entry("InferenceStagingFunction", "mask-recommender-inference-staging"),
                Map.entry("InferenceProductionFunction", "mask-recommender-inference"),
                Map.entry("TrainingStagingFunction", "mask-recommender-training-staging"),
                Map.entry("TrainingProductionFunction", "mask-recommender-training"),
                Map.entry("DeployerFunction", "mask-recommender-deployer"));
        assertThat(template.resourcesOfType("AWS::Lambda::Function")).as("every function is a SAM function").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"InferenceStagingFunction, staging, StagingBucket",
            "InferenceProductionFunction, production, ProductionBucket"})
    void inferenceRunsOnTheJvmWithSnapStartOrNatively(String function, String environment, String bucket) {
        Map<String, Object> p = template.properties(function);

        assertThat(p.get("Runtime")).isEqualTo(Map.of("Fn::If", List.of("IsNative", "provided.al2023", "java21")));
        assertThat(p.get("Handler")).isEqualTo(Map.of("Fn::If", List.of("IsNative", "not.used", QUARKUS_HANDLER)));
        // SnapStart on the JVM variant's published versions (the ones alias live points at); none natively
        assertThat(p.get("SnapStart")).isEqualTo(Map.of("Fn::If", List.of("IsNative", Map.of("Ref", "AWS::NoValue"),
                Map.of("ApplyOn", "PublishedVersions"))));
        assertThat(p.get("CodeUri")).isEqualTo("../inference/target/function.zip");
        assertThat(p.get("Architectures")).isEqualTo(List.of("x86_64"));
        assertThat(template.environment(function)).containsExactly(
                Map.entry("ENVIRONMENT", environment),
                Map.entry("MODEL_STORE", Map.of("Fn::Sub", "s3://${" + bucket + "}")),
                Map.entry("DEFAULT_RESPONSE_FORMAT", Map.of("Ref", "InferenceDefaultResponseFormat")),
                Map.entry("DISABLE_SIGNAL_HANDLERS", Map.of("Fn::If", List.of("IsNative", "true",
                        Map.of("Ref", "AWS::NoValue")))));
    }

    @Test
    void theRuntimeIsAParameterOfTwoValuesAndNativeByDefault() {
        Map<String, Object> parameter = Template.map(template.parameters().get("InferenceRuntime"), "InferenceRuntime");
        assertThat(parameter.get("AllowedValues")).isEqualTo(List.of("jvm", "native"));
        // the release workflows build native zips; a jvm stack goes with their ALLOW_JVM_FALLBACK
        assertThat(parameter.get("Default")).isEqualTo("native");
        assertThat(Template.map(template.root.get("Conditions"), "Conditions").get("IsNative"))
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "InferenceRuntime"), "native")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"InferenceStaging", "InferenceProduction"})
    void aliasLiveStartsAtTheStacksOneVersionAndThenBelongsToTheDeployer(String prefix) {
        String function = prefix + "Function";
        assertThat(template.type(prefix + "LiveAlias")).isEqualTo("AWS::Lambda::Alias");
        assertThat(template.properties(prefix + "LiveAlias")).containsAllEntriesOf(Map.of(
                "Name", "live",
                "FunctionName", Map.of("Ref", function),
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(prefix + "InitialVersion", "Version"))));
        assertThat(template.properties(prefix + "LiveAlias")).doesNotContainKey("RoutingConfig");

        assertThat(template.type(prefix + "InitialVersion")).isEqualTo("AWS::Lambda::Version");
        assertThat(template.properties(prefix + "InitialVersion").get("FunctionName"))
                .isEqualTo(Map.of("Ref", function));
        // a replaced stack resource must not delete a version the ledger may roll back to
        assertThat(template.resource(prefix + "InitialVersion"))
                .containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        // SAM's AutoPublishAlias would publish and move live on every stack update, behind the deployer's back
        assertThat(template.properties(function)).doesNotContainKeys("AutoPublishAlias", "DeploymentPreference");
    }

    @Test
    void onlyTheTwoInferenceFunctionsHaveAliasesAndVersions() {
        assertThat(template.resourcesOfType("AWS::Lambda::Alias"))
                .containsExactly("InferenceStagingLiveAlias", "InferenceProductionLiveAlias");
        assertThat(template.resourcesOfType("AWS::Lambda::Version"))
                .containsExactly("InferenceStagingInitialVersion", "InferenceProductionInitialVersion");
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            assertThat(template.properties(id)).as(id).doesNotContainKey("AutoPublishAlias");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TrainingStagingFunction, staging, StagingBucket",
            "TrainingProductionFunction, production, ProductionBucket"})
    void trainingRunsOnTheJvmWithMemoryForAHundredThousandRows(String function, String environment, String bucket) {
        Map<String, Object> p = template.properties(function);

        assertThat(p.get("Runtime")).isEqualTo("java21");
        assertThat(p.get("Handler")).isEqualTo(QUARKUS_HANDLER);
        assertThat(p.get("CodeUri")).isEqualTo("../training/target/function.zip");
        assertThat(p.get("Timeout")).isEqualTo(900);
        assertThat(p.get("MemorySize")).isEqualTo(Map.of("Ref", "TrainingMemorySize"));
        Map<String, Object> memory = Template.map(template.parameters().get("TrainingMemorySize"), "TrainingMemorySize");
        assertThat((Integer) memory.get("Default")).isGreaterThanOrEqualTo(3008);
        assertThat((Integer) memory.get("MinValue")).isGreaterThanOrEqualTo(3008);
        assertThat(p).doesNotContainKey("SnapStart");

        assertThat(template.environment(function)).containsExactly(
                Map.entry("ENVIRONMENT", environment),
                Map.entry("MODEL_STORE", Map.of("Fn::Sub", "s3://${" + bucket + "}")),
                Map.entry("DATA_SOURCE", Map.of("Fn::Sub", "s3://${" + bucket + "}/${DataSourceKey}")),
                Map.entry("CATALOGUE_SOURCE", Map.of("Fn::If", List.of("HasCatalogue",
                        Map.of("Fn::Sub", "s3://${" + bucket + "}/${CatalogueSourceKey}"), Map.of("Ref", "AWS::NoValue")))),
                Map.entry("GIT_SHA", Map.of("Ref", "GitSha")),
                Map.entry("INFERENCE_FUNCTION", Map.of("Ref", "Inference" + function.substring("Training".length()))),
                Map.entry("GATE_ROC_AUC_TOLERANCE", Map.of("Ref", "GateRocAucTolerance")),
                Map.entry("GATE_MAX_CALIBRATION_ERROR", Map.of("Ref", "GateMaxCalibrationError")),
                // without a bus name the function publishes no Model Trained event (local use)
                Map.entry("EVENT_BUS", "default"),
                Map.entry("NOTIFY_EMAILS", Map.of("Ref", "NotifyEmails")),
                Map.entry("MAIL_FROM", Map.of("Ref", "MailFrom")),
                Map.entry("SMTP_HOST", Map.of("Fn::If", List.of("HasSmtpHost", Map.of("Ref", "SmtpHost"),
                        Map.of("Fn::Sub", "email-smtp.${AWS::Region}.amazonaws.com")))),
                Map.entry("SMTP_PORT", Map.of("Ref", "SmtpPort")),
                Map.entry("SMTP_START_TLS", "REQUIRED"),
                Map.entry("SMTP_USERNAME", "{{resolve:secretsmanager:mask-recommender/deployer:SecretString:smtp_username}}"),
                Map.entry("SMTP_PASSWORD", "{{resolve:secretsmanager:mask-recommender/deployer:SecretString:smtp_password}}"));
        // the data keys can only name objects under data/, the one prefix training may read
        assertThat(Template.map(template.parameters().get("DataSourceKey"), "DataSourceKey").get("AllowedPattern"))
                .isEqualTo("^data/[A-Za-z0-9._/-]+$");
        assertThat(Template.map(template.parameters().get("CatalogueSourceKey"), "CatalogueSourceKey")
                .get("AllowedPattern")).isEqualTo("^(data/[A-Za-z0-9._/-]+)?$");
    }

    @Test
    void theDeployerRunsNativelyByDefaultOrOnTheJvm() {
        Map<String, Object> p = template.properties("DeployerFunction");

        assertThat(p.get("Runtime")).isEqualTo(Map.of("Fn::If", List.of("DeployerIsNative", "provided.al2023", "java21")));
        assertThat(p.get("Handler")).isEqualTo(Map.of("Fn::If", List.of("DeployerIsNative", "not.used", QUARKUS_HANDLER)));
        assertThat(template.environment("DeployerFunction").get("DISABLE_SIGNAL_HANDLERS"))
                .isEqualTo(Map.of("Fn::If", List.of("DeployerIsNative", "true", Map.of("Ref", "AWS::NoValue"))));
        // its code changes only with the stack, so no SnapStart versions and no alias to keep apart
        assertThat(p).doesNotContainKey("SnapStart");

        Map<String, Object> parameter = Template.map(template.parameters().get("DeployerRuntime"), "DeployerRuntime");
        assertThat(parameter.get("AllowedValues")).isEqualTo(List.of("jvm", "native"));
        assertThat(parameter.get("Default")).isEqualTo("native");
        // its own condition: the deployer's runtime does not follow the inference functions'
        assertThat(Template.map(template.root.get("Conditions"), "Conditions").get("DeployerIsNative"))
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "DeployerRuntime"), "native")));
    }

    @Test
    void theDeployerHasNoPublicEndpoint() {
        Map<String, Object> p = template.properties("DeployerFunction");

        assertThat(p.get("CodeUri")).isEqualTo("../deployer/target/function.zip");
        assertThat(p.get("Timeout")).isEqualTo(900);
        // GitHub reaches it one way: the release workflow's invoke with the OIDC role's credentials
        assertThat(p).doesNotContainKey("FunctionUrlConfig");
        assertThat(template.root.get("Resources").toString()).doesNotContain("AWS::Lambda::Url")
                .doesNotContain("AWS::Lambda::Permission");
        assertThat(Template.map(template.root.get("Outputs"), "Outputs")).doesNotContainKey("DeployerWebhookUrl");
        assertThat(template.parameters()).doesNotContainKey("ReleaseWorkflows");
    }

    @Test
    void theDeployerReceivesModelTrainedEventsFromTheDefaultBus() {
        Map<String, Object> events = Template.map(template.properties("DeployerFunction").get("Events"), "Events");
        assertThat(events).containsOnlyKeys("ModelTrained", "InferenceAlarm");
        Map<String, Object> rule = Template.map(events.get("ModelTrained"), "ModelTrained");

        assertThat(rule.get("Type")).isEqualTo("EventBridgeRule");
        Map<String, Object> properties = Template.map(rule.get("Properties"), "ModelTrained.Properties");
        assertThat(properties.get("Pattern")).isEqualTo(Map.of(
                "source", List.of("mask-recommender.training"),
                "detail-type", List.of("Model Trained")));
        assertThat(properties).doesNotContainKey("EventBusName");
    }

    @Test
    void theDeployerIsConfiguredForBothEnvironments() {
        Map<String, Object> env = template.environment("DeployerFunction");

        assertThat(env).containsEntry("STAGING_FUNCTION", Map.of("Ref", "InferenceStagingFunction"))
                .containsEntry("PRODUCTION_FUNCTION", Map.of("Ref", "InferenceProductionFunction"))
                .containsEntry("STAGING_MODEL_STORE", Map.of("Fn::Sub", "s3://${StagingBucket}"))
                .containsEntry("PRODUCTION_MODEL_STORE", Map.of("Fn::Sub", "s3://${ProductionBucket}"))
                .containsEntry("CODE_BUCKET", Map.of("Ref", "CodeBucket"))
                .containsEntry("NOTIFY_EMAILS", Map.of("Ref", "NotifyEmails"))
                .containsEntry("SMTP_START_TLS", "REQUIRED");
        assertThat(env).containsOnlyKeys("STAGING_FUNCTION", "PRODUCTION_FUNCTION", "STAGING_MODEL_STORE",
                "PRODUCTION_MODEL_STORE", "CODE_BUCKET", "STAGING_ALARMS", "PRODUCTION_ALARMS", "BAKE_WINDOW",
                "NOTIFY_EMAILS", "MAIL_FROM", "SMTP_HOST", "SMTP_PORT", "SMTP_START_TLS", "SMTP_USERNAME",
                "SMTP_PASSWORD", "DISABLE_SIGNAL_HANDLERS");
        // one mail setup for both senders (deployer: releases; training: "retrained, not promoted")
        for (String training : List.of("TrainingStagingFunction", "TrainingProductionFunction")) {
            for (String name : List.of("NOTIFY_EMAILS", "MAIL_FROM", "SMTP_HOST", "SMTP_PORT", "SMTP_START_TLS",
                    "SMTP_USERNAME", "SMTP_PASSWORD")) {
                assertThat(template.environment(training).get(name)).as(training + " " + name).isEqualTo(env.get(name));
            }
        }
        // the store each inference function reads is the one the deployer releases into
        assertThat(template.environment("InferenceStagingFunction").get("MODEL_STORE"))
                .isEqualTo(env.get("STAGING_MODEL_STORE"));
        assertThat(template.environment("InferenceProductionFunction").get("MODEL_STORE"))
                .isEqualTo(env.get("PRODUCTION_MODEL_STORE"));
    }

    @Test
    void everyFunctionHasItsOwnRoleAndLogGroup() {
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> p = template.properties(id);
            String base = id.substring(0, id.length() - "Function".length());
            assertThat(p.get("Role")).as(id).isEqualTo(Map.of("Fn::GetAtt", List.of(base + "Role", "Arn")));
            assertThat(p).as(id + ": SAM policy templates would add permissions beside the role")
                    .doesNotContainKeys("Policies", "PermissionsBoundary");
            assertThat(template.properties(base + "LogGroup").get("LogGroupName")).as(id)
                    .isEqualTo("/aws/lambda/" + p.get("FunctionName"));
        }
        assertThat(template.root).doesNotContainKey("Globals");
    }

    @Test
    void stagingAndProductionAreWrittenAlike() {
        List<String> stagingIds = template.resources().keySet().stream().filter(id -> id.contains("Staging")).toList();
        assertThat(stagingIds).containsExactly("StagingBucket", "StagingBucketPolicy", "InferenceStagingLogGroup",
                "InferenceStagingRole", "InferenceStagingFunction", "InferenceStagingInitialVersion",
                "InferenceStagingLiveAlias", "TrainingStagingLogGroup", "TrainingStagingDeadLetterQueue",
                "TrainingStagingRole", "TrainingStagingScheduleRole", "TrainingStagingFunction",
                "TrainingStagingDeadLetterAlarm", "InferenceStagingLiveErrorsAlarm", "InferenceStagingLiveDurationAlarm",
                "TrainingStagingErrorsAlarm");

        for (String stagingId : stagingIds) {
            String productionId = stagingId.replace("Staging", "Production");
            Object asProduction = Template.rewriteStrings(template.resource(stagingId), FunctionsTest::toProduction);
            assertThat(asProduction).as(stagingId + " rewritten for production").isEqualTo(template.resource(productionId));
        }
    }

    /** What a staging string reads as in production (production's function names have no suffix). */
    private static String toProduction(String s) {
        return s.replace("-staging-weekly", "-production-weekly")
                .replace("mask-recommender-inference-staging", "mask-recommender-inference")
                .replace("mask-recommender-training-staging", "mask-recommender-training")
                .replace("Staging", "Production")
                .replace("staging", "production");
    }
}
