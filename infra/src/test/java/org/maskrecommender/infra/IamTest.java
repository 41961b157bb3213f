package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Least privilege, exactly: every role's grants (action → resources) are compared for equality, so an
 * added action or a widened resource fails here and has to be argued for.
 */
class IamTest {

    static final String EVENT_BUS = "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default";

    private final Template template = Template.load();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Staging", "Production"})
    void inferenceMayOnlyReadModels(String env) {
        String bucket = "${" + env + "Bucket.Arn}";
        String logs = "${Inference" + env + "LogGroup.Arn}";

        assertThat(template.grants("Inference" + env + "Role")).isEqualTo(grants(
                "logs:CreateLogStream", Set.of(logs),
                "logs:PutLogEvents", Set.of(logs),
                "s3:GetObject", Set.of(bucket + "/models/*"),
                // a missing key answers 404, not 403 (key names only, never content)
                "s3:ListBucket", Set.of(bucket)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Staging", "Production"})
    void trainingMayReadDataWriteModelsReadTheLedgerOfItsInferenceFunctionAndPutEvents(String env) {
        String bucket = "${" + env + "Bucket.Arn}";
        String logs = "${Training" + env + "LogGroup.Arn}";

        assertThat(template.grants("Training" + env + "Role")).isEqualTo(grants(
                "logs:CreateLogStream", Set.of(logs),
                "logs:PutLogEvents", Set.of(logs),
                // the quality gate learns the deployed model from the deployer's ledger, one key, read only
                "s3:GetObject", Set.of(bucket + "/data/*", bucket + "/models/*",
                        bucket + "/deployments/${Inference" + env + "Function}.json"),
                "s3:PutObject", Set.of(bucket + "/models/*"),
                "s3:ListBucket", Set.of(bucket),
                "events:PutEvents", Set.of(EVENT_BUS)));
        // and the ledger it reads is the one of the function it is told about
        assertThat(template.environment("Training" + env + "Function").get("INFERENCE_FUNCTION"))
                .isEqualTo(Map.of("Ref", "Inference" + env + "Function"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Staging", "Production"})
    void trainingPutsOnlyItsOwnSourceOnTheBus(String env) {
        Map<String, Object> putEvents = template.statements("Training" + env + "Role").stream()
                .filter(s -> Template.list(s.get("Action")).contains("events:PutEvents")).findFirst().orElseThrow();

        assertThat(Template.list(putEvents.get("Action"))).containsExactly("events:PutEvents");
        assertThat(putEvents.get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("events:source", "mask-recommender.training")));
    }

    @Test
    void theDeployerMayOnlyReleaseTheTwoInferenceFunctionsAndUseItsPrefixes() {
        Set<String> inference = Set.of("${InferenceStagingFunction.Arn}", "${InferenceStagingFunction.Arn}:*",
                "${InferenceProductionFunction.Arn}", "${InferenceProductionFunction.Arn}:*");
        String logs = "${DeployerLogGroup.Arn}";
        Set<String> ledger = Set.of("${StagingBucket.Arn}/deployments/*", "${StagingBucket.Arn}/releases/*",
                "${ProductionBucket.Arn}/deployments/*", "${ProductionBucket.Arn}/releases/*");
        Set<String> reads = new TreeSet<>(ledger);
        reads.addAll(Set.of("${StagingBucket.Arn}/models/*", "${ProductionBucket.Arn}/models/*",
                "${CodeBucket.Arn}/code/*"));

        Map<String, Set<String>> expected = new TreeMap<>();
        for (String action : List.of("lambda:GetFunction", "lambda:GetFunctionConfiguration",
                "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PublishVersion",
                "lambda:GetAlias", "lambda:CreateAlias", "lambda:UpdateAlias", "lambda:InvokeFunction")) {
            expected.put(action, inference);
        }
        expected.put("logs:CreateLogStream", Set.of(logs));
        expected.put("logs:PutLogEvents", Set.of(logs));
        expected.put("s3:GetObject", reads);
        // conditional writes (If-Match, If-None-Match) are plain PutObject calls
        expected.put("s3:PutObject", ledger);
        expected.put("s3:ListBucket", Set.of("${StagingBucket.Arn}", "${ProductionBucket.Arn}", "${CodeBucket.Arn}"));

        assertThat(template.grants("DeployerRole")).isEqualTo(expected);
    }

    @Test
    void theDeployerCannotTouchModelsTrainingOrItself() {
        Map<String, Set<String>> grants = template.grants("DeployerRole");

        assertThat(grants.get("s3:PutObject")).noneMatch(r -> r.contains("/models/") || r.contains("/code/"));
        assertThat(grants).doesNotContainKey("s3:DeleteObject");
        grants.values().forEach(resources -> assertThat(resources)
                .noneMatch(r -> r.contains("Training") || r.contains("DeployerFunction")));
    }

    @Test
    void theGitHubRoleMayUploadReleaseZipsAndInvokeTheDeployerAndTraining() {
        assertThat(template.resource("GitHubDeployRole")).containsEntry("Condition", "HasGitHubRepository");
        assertThat(template.grants("GitHubDeployRole")).isEqualTo(grants(
                "s3:PutObject", Set.of("${CodeBucket.Arn}/code/staging-recommender-v*",
                        "${CodeBucket.Arn}/code/production-recommender-v*"),
                "lambda:InvokeFunction", Set.of("${DeployerFunction.Arn}", "${TrainingStagingFunction.Arn}",
                        "${TrainingProductionFunction.Arn}")));
    }

    @Test
    void theGitHubRoleTrustsOnlyThisRepositorysReleaseTagsAndDefaultBranch() {
        List<Object> trust = Template.list(Template.map(template.properties("GitHubDeployRole")
                .get("AssumeRolePolicyDocument"), "trust").get("Statement"));
        assertThat(trust).hasSize(1);
        Map<String, Object> statement = Template.map(trust.get(0), "trust statement");

        assertThat(statement.get("Effect")).isEqualTo("Allow");
        assertThat(statement.get("Action")).isEqualTo("sts:AssumeRoleWithWebIdentity");
        assertThat(statement.get("Principal")).isEqualTo(Map.of("Federated", Map.of("Fn::If", List.of(
                "CreateGitHubOidcProvider", Map.of("Ref", "GitHubOidcProvider"), Map.of("Ref", "GitHubOidcProviderArn")))));
        assertThat(statement.get("Condition")).isEqualTo(Map.of(
                "StringEquals", Map.of("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
                "StringLike", Map.of("token.actions.githubusercontent.com:sub", List.of(
                        Map.of("Fn::Sub", "repo:${GitHubRepository}:ref:refs/tags/staging-recommender-v*"),
                        Map.of("Fn::Sub", "repo:${GitHubRepository}:ref:refs/tags/production-recommender-v*"),
                        Map.of("Fn::Sub", "repo:${GitHubRepository}:ref:refs/heads/${GitHubDefaultBranch}")))));
        assertThat(template.properties("GitHubOidcProvider")).isEqualTo(Map.of(
                "Url", "https://token.actions.githubusercontent.com", "ClientIdList", List.of("sts.amazonaws.com")));
    }

    @Test
    void functionRolesAreAssumedOnlyByLambda() {
        for (String role : template.resourcesOfType("AWS::IAM::Role")) {
            if (role.equals("GitHubDeployRole")) {
                continue;
            }
            assertThat(template.properties(role).get("AssumeRolePolicyDocument")).as(role).isEqualTo(Map.of(
                    "Version", "2012-10-17",
                    "Statement", List.of(Map.of("Effect", "Allow", "Principal", Map.of("Service", "lambda.amazonaws.com"),
                            "Action", "sts:AssumeRole"))));
        }
    }

    @Test
    void noRoleHasAWildcardActionOrResourceOrAManagedPolicy() {
        List<String> roles = template.resourcesOfType("AWS::IAM::Role");
        assertThat(roles).containsExactlyInAnyOrder("InferenceStagingRole", "InferenceProductionRole",
                "TrainingStagingRole", "TrainingProductionRole", "DeployerRole", "GitHubDeployRole");
        assertThat(template.resourcesOfType("AWS::IAM::Policy")).isEmpty();
        assertThat(template.resourcesOfType("AWS::IAM::ManagedPolicy")).isEmpty();

        for (String role : roles) {
            assertThat(template.properties(role)).as(role).doesNotContainKeys("ManagedPolicyArns", "RoleName");
            template.grants(role).forEach((action, resources) -> {
                assertThat(action).as(role).doesNotContain("*").matches("[a-z0-9-]+:[A-Za-z0-9]+");
                assertThat(resources).as(role + " " + action).isNotEmpty().noneMatch(r -> r.equals("*"))
                        // never a whole account's or service's resources
                        .noneMatch(r -> r.endsWith(":*:*") || r.endsWith(":function:*") || r.equals("arn:aws:s3:::*"));
            });
        }
    }

    @Test
    void everyResourceIsAnArnOfThisStack() {
        List<String> known = new ArrayList<>();
        for (String type : List.of("AWS::S3::Bucket", "AWS::Serverless::Function", "AWS::Logs::LogGroup")) {
            template.resourcesOfType(type).forEach(id -> known.add("${" + id + ".Arn}"));
        }

        for (String role : template.resourcesOfType("AWS::IAM::Role")) {
            template.grants(role).forEach((action, resources) -> {
                for (String resource : resources) {
                    assertThat(resource.equals(EVENT_BUS) || known.stream().anyMatch(
                            k -> resource.equals(k) || resource.startsWith(k + "/") || resource.startsWith(k + ":")))
                            .as(role + " " + action + " on " + resource).isTrue();
                    // S3 object ARNs always name a prefix; bucket ARNs are only for ListBucket
                    if (action.startsWith("s3:") && !action.equals("s3:ListBucket")) {
                        assertThat(resource).as(role + " " + action).matches("\\$\\{[A-Za-z]+Bucket\\.Arn}/[a-z-]+/.*");
                    }
                    if (action.startsWith("lambda:")) {
                        assertThat(resource).as(role + " " + action).matches("\\$\\{[A-Za-z]+Function\\.Arn}(:\\*)?");
                    }
                }
            });
        }
    }

    @Test
    void wildcardsAppearOnlyInTheBucketPoliciesDenyOfPlainHttp() {
        for (String policy : template.resourcesOfType("AWS::S3::BucketPolicy")) {
            Map<String, Object> document = Template.map(template.properties(policy).get("PolicyDocument"), policy);
            List<Object> statements = Template.list(document.get("Statement"));
            assertThat(statements).as(policy).hasSize(1);
            Map<String, Object> deny = Template.map(statements.get(0), policy);
            String bucket = policy.replace("Policy", "");
            assertThat(deny).as(policy).isEqualTo(Map.of(
                    "Sid", "DenyInsecureTransport",
                    "Effect", "Deny",
                    "Principal", "*",
                    "Action", "s3:*",
                    "Resource", List.of(Map.of("Fn::GetAtt", List.of(bucket, "Arn")),
                            Map.of("Fn::Sub", "${" + bucket + ".Arn}/*")),
                    "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))));
        }
    }

    private static Map<String, Set<String>> grants(Object... actionAndResources) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (int i = 0; i < actionAndResources.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<String> resources = (Set<String>) actionAndResources[i + 1];
            grants.put((String) actionAndResources[i], new TreeSet<>(resources));
        }
        return grants;
    }
}
