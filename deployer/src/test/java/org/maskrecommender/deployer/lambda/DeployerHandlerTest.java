package org.maskrecommender.deployer.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.testkit.lambda.DeploymentPackages;

/**
 * The packaged deployer handler, invoked through Quarkus's mock Lambda event server, releasing through
 * the AWS SDK to the Lambda emulator, with S3Proxy for artifacts and GreenMail receiving the emails.
 */
@QuarkusTest
@QuarkusTestResource(DeployWorld.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployerHandlerTest {

    private static final String TAG = "staging-recommender-v1.2.3";
    private final ObjectMapper mapper = Json.newMapper();

    /** The mock event server, on this module's own port; an event POSTed there is one invocation. */
    static String lambdaUrl() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.lambda.mock-event-server.test-port",
                Integer.class);
    }

    private JsonNode invoke(String event) throws Exception {
        return mapper.readTree(given().contentType("application/json").body(event).when().post(lambdaUrl())
                .then().statusCode(200).extract().asString());
    }

    private String live() {
        return DeployWorld.emulator.alias(DeployWorld.FUNCTION, "live").map(a -> a.functionVersion()).orElse(null);
    }

    private List<MimeMessage> mails() {
        return List.of(DeployWorld.smtp.getReceivedMessages());
    }

    @Test
    @Order(1)
    void aModelTrainedEventReleasesThatModelAndEmails() throws Exception {
        String event = """
                {"version": "0", "id": "evt-%s", "detail-type": "Model Trained", "source": "mask-recommender.training",
                 "account": "000000000000", "time": "2026-11-28T05:10:00Z", "region": "us-east-1", "resources": [],
                 "detail": {"environment": "staging", "model_version": "%s", "trigger": "schedule"}}"""
                .formatted(DeployWorld.model, DeployWorld.model);
        JsonNode r = invoke(event);

        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("succeeded");
        String version = r.path("entry").path("to_version").asText();
        assertThat(live()).isEqualTo(version);
        assertThat(DeployWorld.emulator.version(DeployWorld.FUNCTION, version).modelVersion()).isEqualTo(DeployWorld.model);
        assertThat(mails()).hasSize(1);
        MimeMessage mail = mails().get(0);
        assertThat(mail.getSubject()).contains("staging release succeeded").contains("Weekly Auto-Retrain");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@example.org");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail)).contains(DeployWorld.model)
                .contains("ROC AUC");
    }

    @Test
    @Order(2)
    void theReleaseWorkflowsInvokeReleasesItsTagOnceEvenIfRetried() throws Exception {
        String event = """
                {"action": "deploy", "tag": "%s", "environment": "staging",
                 "code": {"s3_bucket": "%s", "s3_key": "code/%s/function.zip"},
                 "git_sha": "3f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
                 "run_url": "https://github.com/breathesafe/mask-recommender/actions/runs/1",
                 "event_id": "github-run-1-1", "actor": "mara-fit"}""".formatted(TAG, DeployWorld.bucket, TAG);
        JsonNode r = invoke(event);

        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("succeeded");
        String version = r.path("entry").path("to_version").asText();
        assertThat(live()).isEqualTo(version);
        assertThat(DeployWorld.emulator.version(DeployWorld.FUNCTION, version).description()).contains(TAG);
        assertThat(r.path("release_record").asText()).isEqualTo("releases/" + TAG + ".json");
        assertThat(r.path("entry").path("trigger").path("type").asText()).isEqualTo("tag");

        int publishes = countCalls("PublishVersion");
        JsonNode again = invoke(event);
        assertThat(again.path("status").asText()).isEqualTo("duplicate");
        assertThat(countCalls("PublishVersion")).isEqualTo(publishes);
    }

    @Test
    @Order(3)
    void anHttpEventIsRefusedAndNothingHappens() throws Exception {
        int calls = DeployWorld.emulator.calls().size();
        int mailsBefore = mails().size();
        String body = Base64.getEncoder().encodeToString("{\"action\": \"rollback\", \"environment\": \"staging\"}"
                .getBytes(StandardCharsets.UTF_8));

        JsonNode r = invoke("{\"version\": \"2.0\", \"rawPath\": \"/\", \"headers\": {}, \"requestContext\": "
                + "{\"http\": {\"method\": \"POST\"}}, \"body\": \"" + body + "\", \"isBase64Encoded\": true}");

        assertThat(r.path("status").asText()).isEqualTo("invalid");
        assertThat(r.path("reason").asText()).contains("no public endpoint");
        assertThat(DeployWorld.emulator.calls()).hasSize(calls);
        assertThat(mails()).hasSize(mailsBefore);
    }

    @Test
    @Order(4)
    void anUnknownTagPrefixIsRefused() throws Exception {
        int calls = DeployWorld.emulator.calls().size();
        JsonNode r = invoke("{\"action\": \"deploy\", \"tag\": \"dev-recommender-v1.0.0\","
                + " \"code\": {\"s3_bucket\": \"recommender\", \"s3_key\": \"code/x/function.zip\"}}");
        assertThat(r.path("status").asText()).isIn("refused", "invalid");
        assertThat(r.path("reason").asText()).contains("dev-recommender-v1.0.0");
        assertThat(DeployWorld.emulator.calls()).hasSize(calls);
    }

    @Test
    @Order(5)
    void rollbackAndStatusAreOperatorActions() throws Exception {
        String before = live();
        JsonNode back = invoke("{\"action\": \"rollback\", \"environment\": \"staging\", \"actor\": \"mara\"}");
        assertThat(back.path("status").asText()).as(back.toString()).isEqualTo("succeeded");
        assertThat(live()).isNotEqualTo(before).isEqualTo(back.path("entry").path("to_version").asText());

        JsonNode status = invoke("{\"action\": \"status\", \"environment\": \"staging\"}");
        assertThat(status.path("alias_version").asText()).isEqualTo(live());
        assertThat(status.path("last_entries").size()).isGreaterThanOrEqualTo(3);
        assertThat(mails().get(mails().size() - 1).getSubject()).contains("rollback succeeded").contains("(Manual)");
    }

    @Test
    @Order(6)
    void withSmtpDownTheReleaseStillHappens() throws Exception {
        DeployWorld.smtp.stop();
        String newer = DeployWorld.publishModel(220);
        JsonNode r = invoke("{\"action\": \"deploy\", \"environment\": \"staging\", \"model_version\": \"" + newer + "\"}");
        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("succeeded");
        assertThat(DeployWorld.emulator.version(DeployWorld.FUNCTION, live()).modelVersion()).isEqualTo(newer);
        // live had been rolled back to version 1 (the stack's code), so the tag's code left in $LATEST must
        // not ride along: the model-only release ships version 1's code, taken from Lambda itself
        assertThat(DeployWorld.emulator.version(DeployWorld.FUNCTION, live()).codeSha256())
                .isEqualTo(DeployWorld.emulator.version(DeployWorld.FUNCTION, "1").codeSha256());
    }

    @Test
    @Order(7)
    void aJvmZipForTheNativeFunctionIsRefusedBeforeAnythingChanges() throws Exception {
        String tag = "staging-recommender-v1.2.4";
        DeployWorld.s3.putObject(b -> b.bucket(DeployWorld.bucket).key("code/" + tag + "/function.zip"),
                RequestBody.fromBytes(DeploymentPackages.jvmZip(tag)));
        String before = live();
        int updates = countCalls("UpdateFunctionCode");

        JsonNode r = invoke("{\"action\": \"deploy\", \"tag\": \"" + tag + "\", \"event_id\": \"github-run-7-1\"}");

        assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("failed");
        assertThat(r.path("entry").path("error").asText()).contains("JVM package").contains("provided.al2023");
        assertThat(countCalls("UpdateFunctionCode")).isEqualTo(updates);
        assertThat(live()).isEqualTo(before);
    }

    @Test
    @Order(8)
    void anAlarmOnLiveRollsTheReleaseBackInsideTheBakeWindowAndNotOutsideIt() throws Exception {
        JsonNode release = invoke("{\"action\": \"deploy\", \"environment\": \"staging\", \"model_version\": \""
                + DeployWorld.publishModel(240) + "\"}");
        assertThat(release.path("status").asText()).as(release.toString()).isEqualTo("succeeded");
        Instant released = Instant.parse(release.at("/entry/time").asText());
        assertThat(release.at("/watch/alarms").toString()).contains(DeployWorld.ALARM);
        assertThat(release.at("/watch/until").asText()).isEqualTo(released.plus(Duration.ofMinutes(60)).toString());
        String before = release.at("/entry/from_version").asText();
        String after = release.at("/entry/to_version").asText();

        JsonNode late = invoke(alarm("late-" + after, released.plus(Duration.ofMinutes(61))));
        assertThat(late.path("status").asText()).as(late.toString()).isEqualTo("refused");
        assertThat(live()).isEqualTo(after);

        JsonNode again = invoke("{\"action\": \"deploy\", \"environment\": \"staging\", \"model_version\": \""
                + DeployWorld.publishModel(260) + "\"}");
        Instant againAt = Instant.parse(again.at("/entry/time").asText());
        JsonNode back = invoke(alarm("soon-" + again.at("/entry/to_version").asText(), againAt.plusSeconds(90)));
        assertThat(back.path("status").asText()).as(back.toString()).isEqualTo("succeeded");
        assertThat(back.at("/entry/trigger/type").asText()).isEqualTo("alarm");
        assertThat(back.at("/entry/trigger/alarm").asText()).isEqualTo(DeployWorld.ALARM);
        assertThat(live()).isEqualTo(after).isNotEqualTo(before);
    }

    /** CloudWatch's state change of the errors alarm on staging's live, as EventBridge delivers it. */
    private static String alarm(String id, Instant at) {
        return """
                {"version": "0", "id": "%s", "detail-type": "CloudWatch Alarm State Change", "source": "aws.cloudwatch",
                 "account": "000000000000", "time": "%s", "region": "us-east-1", "resources": [],
                 "detail": {"alarmName": "%s", "state": {"value": "ALARM", "reason": "Threshold Crossed"},
                            "previousState": {"value": "OK"},
                            "configuration": {"metrics": [{"id": "m1", "metricStat": {"metric": {
                                "namespace": "AWS/Lambda", "name": "Errors", "dimensions": {
                                "FunctionName": "%s", "Resource": "%s:live"}}, "period": 60, "stat": "Sum"}}]}}}"""
                .formatted(id, at, DeployWorld.ALARM, DeployWorld.FUNCTION, DeployWorld.FUNCTION);
    }

    private int countCalls(String operation) {
        return (int) DeployWorld.emulator.calls().stream().filter(operation::equals).count();
    }
}
