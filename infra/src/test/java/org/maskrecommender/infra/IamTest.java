package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    void trainingMayReadDataWriteModelsReadTheLedgerOfItsInferenceFunctionPutEventsAndRecordFailedRuns(String env) {
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
                "events:PutEvents", Set.of(EVENT_BUS),
                // its own OnFailure destination: Lambda sends there with the function's role
                "sqs:SendMessage", Set.of("${Training" + env + "DeadLetterQueue.Arn}")));
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
                "${CodeBucket.Arn}/code/*", "${CodeBucket.Arn}/restore/*"));
        Set<String> writes = new TreeSet<>(ledger);
        // live code restored from a version's own package is staged there (Lambda takes 50 MB at most directly)
        writes.add("${CodeBucket.Arn}/restore/*");

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
        expected.put("s3:PutObject", writes);
        expected.put("s3:ListBucket", Set.of("${StagingBucket.Arn}", "${ProductionBucket.Arn}", "${CodeBucket.Arn}"));
        // its OnFailure destination: Lambda sends there with the function's role
        expected.put("sqs:SendMessage", Set.of("${DeployerDeadLetterQueue.Arn}"));

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
        assertThat(template.resource("GitHubDeployRole")).containsEntry("Condition", "HasGitHubSubjectPrefix");
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
                        Map.of("Fn::Sub", "${GitHubSubjectPrefix}:ref:refs/tags/staging-recommender-v*"),
                        Map.of("Fn::Sub", "${GitHubSubjectPrefix}:ref:refs/tags/production-recommender-v*"),
                        Map.of("Fn::Sub", "${GitHubSubjectPrefix}:ref:refs/heads/${GitHubDefaultBranch}")))));
        assertThat(template.properties("GitHubOidcProvider")).isEqualTo(Map.of(
                "Url", "https://token.actions.githubusercontent.com", "ClientIdList", List.of("sts.amazonaws.com")));
        assertThat(Template.map(template.root.get("Conditions"), "Conditions").get("HasGitHubSubjectPrefix"))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "GitHubSubjectPrefix"), "")))));
    }

    /** The two forms of GitHub's subject prefix (GitHub changelog 2026-04-23, "immutable subject claims"). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "'', true",
            "repo:octo-org/octo-repo, true",
            "repo:octo-org@123456/octo-repo@456789, true",
            "repo:octocat@1/my.repo_2-x@99, true",
            // the prefix as GitHub prints it, nothing more and nothing less
            "octo-org/octo-repo, false",
            "octo-org@123456/octo-repo@456789, false",
            "repo:octo-org/octo-repo:ref:refs/heads/main, false",
            "repo:octo-org/octo-repo:*, false",
            // both ids or none
            "repo:octo-org@123456/octo-repo, false",
            "repo:octo-org/octo-repo@456789, false",
            "repo:octo-org@/octo-repo@456789, false",
            "repo:octo-org@abc/octo-repo@456789, false",
            // no wildcards: the trust policy compares with StringLike
            "repo:*/octo-repo, false",
            "repo:octo-org/*, false",
            "repo:octo-org@*/octo-repo@*, false",
            "repo:octo-org/octo-repo?, false",
            "repo:octo-org/octo/repo, false",
            "' repo:octo-org/octo-repo', false"})
    void theSubjectPrefixParameterTakesEitherFormGitHubIssues(String prefix, boolean accepted) {
        Map<String, Object> parameter = Template.map(template.parameters().get("GitHubSubjectPrefix"), "GitHubSubjectPrefix");
        assertThat(parameter.get("Type")).isEqualTo("String");
        assertThat(parameter.get("Default")).isEqualTo("");
        assertThat(prefix.matches((String) parameter.get("AllowedPattern"))).as(prefix).isEqualTo(accepted);
        assertThat(template.parameters()).doesNotContainKey("GitHubRepository");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"main, true", "master, true", "release/2026.1, true", "trunk_x-1, true",
            "'*', false", "main*, false", "ma?n, false", "'', false", "'main ', false"})
    void theDefaultBranchCannotBeAWildcard(String branch, boolean accepted) {
        Map<String, Object> parameter = Template.map(template.parameters().get("GitHubDefaultBranch"), "GitHubDefaultBranch");
        assertThat(parameter.get("Default")).isEqualTo("main");
        assertThat(branch.matches((String) parameter.get("AllowedPattern"))).as(branch).isEqualTo(accepted);
    }

    /**
     * The trust policy's subjects, with the parameters filled in, against subjects GitHub issues, compared the way
     * IAM's StringLike does: only this repository's release tags and default branch, in the form its prefix has.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            // the legacy, name-only form
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo:ref:refs/tags/staging-recommender-v1.2.3, true",
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo:ref:refs/tags/production-recommender-v2.0.0-rc.1, true",
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo:ref:refs/heads/main, true",
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo:ref:refs/heads/feature, false",
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo:ref:refs/heads/main-old, false",
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo:ref:refs/tags/v1.2.3, false",
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo:environment:production, false",
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo:pull_request, false",
            "repo:octo-org/octo-repo, repo:octo-org/octo-repo-fork:ref:refs/heads/main, false",
            "repo:octo-org/octo-repo, repo:other/octo-repo:ref:refs/heads/main, false",
            // immutable subject claims: what every repository created, renamed or transferred since mid-2026 gets
            "repo:octo-org@123456/octo-repo@456789, repo:octo-org@123456/octo-repo@456789:ref:refs/tags/staging-recommender-v1.2.3, true",
            "repo:octo-org@123456/octo-repo@456789, repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main, true",
            "repo:octo-org@123456/octo-repo@456789, repo:octo-org@123456/octo-repo@456789:ref:refs/heads/feature, false",
            "repo:octo-org@123456/octo-repo@456789, repo:octo-org@123456/octo-repo@456789:environment:production, false",
            // a recycled name has other ids
            "repo:octo-org@123456/octo-repo@456789, repo:octo-org@999999/octo-repo@456789:ref:refs/heads/main, false",
            "repo:octo-org@123456/octo-repo@456789, repo:octo-org@123456/octo-repo@111111:ref:refs/heads/main, false",
            // one form is not the other
            "repo:octo-org@123456/octo-repo@456789, repo:octo-org/octo-repo:ref:refs/heads/main, false",
            "repo:octo-org/octo-repo, repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main, false"})
    void theTrustPolicyAdmitsExactlyTheReleaseTagsAndDefaultBranchUnderThePrefix(String prefix, String subject,
            boolean admitted) {
        Map<String, Object> statement = Template.map(Template.list(Template.map(template.properties("GitHubDeployRole")
                .get("AssumeRolePolicyDocument"), "trust").get("Statement")).get(0), "trust statement");
        List<Object> patterns = Template.list(Template.map(Template.map(statement.get("Condition"), "Condition")
                .get("StringLike"), "StringLike").get("token.actions.githubusercontent.com:sub"));
        Map<String, String> parameters = Map.of("GitHubSubjectPrefix", prefix, "GitHubDefaultBranch", "main");

        boolean matched = patterns.stream()
                .map(p -> substitute(Template.render(p), parameters))
                .anyMatch(p -> stringLike(p, subject));
        assertThat(matched).as(subject + " under " + prefix).isEqualTo(admitted);
    }

    /** {@code Fn::Sub} with parameters only; any other reference fails. */
    private static String substitute(String text, Map<String, String> parameters) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = parameters.get(m.group(1));
            assertThat(value).as("a parameter for ${%s}", m.group(1)).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** IAM's StringLike: case-sensitive, {@code *} any run of characters, {@code ?} one character. */
    private static boolean stringLike(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return value.matches(regex.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Staging", "Production"})
    void theWeeklyScheduleMayOnlyInvokeItsTrainingFunctionAndRecordWhatItCouldNotDeliver(String env) {
        String role = "Training" + env + "ScheduleRole";
        assertThat(template.grants(role)).isEqualTo(grants(
                "lambda:InvokeFunction", Set.of("${Training" + env + "Function.Arn}"),
                "sqs:SendMessage", Set.of("${Training" + env + "DeadLetterQueue.Arn}")));
        // assumed only by EventBridge Scheduler acting for this account (the confused-deputy guard Scheduler's
        // documentation gives)
        assertThat(template.properties(role).get("AssumeRolePolicyDocument")).isEqualTo(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(Map.of("Effect", "Allow", "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                        "Action", "sts:AssumeRole",
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")))))));
    }

    @Test
    void functionRolesAreAssumedOnlyByLambda() {
        for (String role : template.resourcesOfType("AWS::IAM::Role")) {
            if (role.equals("GitHubDeployRole") || role.endsWith("ScheduleRole")) {
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
                "TrainingStagingRole", "TrainingProductionRole", "TrainingStagingScheduleRole",
                "TrainingProductionScheduleRole", "DeployerRole", "GitHubDeployRole");
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
        for (String type : List.of("AWS::S3::Bucket", "AWS::Serverless::Function", "AWS::Logs::LogGroup",
                "AWS::SQS::Queue")) {
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
                    if (action.startsWith("sqs:")) {
                        assertThat(action).as(role).isEqualTo("sqs:SendMessage");
                        assertThat(resource).as(role + " " + action).matches("\\$\\{[A-Za-z]+DeadLetterQueue\\.Arn}");
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
