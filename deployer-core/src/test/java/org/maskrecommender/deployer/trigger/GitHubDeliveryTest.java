package org.maskrecommender.deployer.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.maskrecommender.deployer.trigger.Events.DELIVERY_ID;
import static org.maskrecommender.deployer.trigger.Events.HEAD_SHA;
import static org.maskrecommender.deployer.trigger.Events.RUN_URL;
import static org.maskrecommender.deployer.trigger.Events.read;
import static org.maskrecommender.deployer.trigger.Events.utf8;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.maskrecommender.deployer.Trigger;
import org.maskrecommender.deployer.github.WebhookSignature;
import org.maskrecommender.deployer.release.ReleaseTag;
import org.maskrecommender.deployer.trigger.DeployerCommand.Ignored;
import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.Ping;
import org.maskrecommender.deployer.trigger.DeployerCommand.Refused;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseTagBuild;
import org.maskrecommender.deployer.trigger.DeployerCommand.Unauthorized;

class GitHubDeliveryTest {

    private static final String SECRET = Events.SECRET;

    private final EventRecognizer recognizer = new EventRecognizer(utf8(SECRET));

    private static String sign(byte[] body) {
        return WebhookSignature.sign(SECRET, body);
    }

    @Test
    void successfulTagBuildOverAFunctionUrlWithBase64Body() {
        byte[] body = utf8(Events.workflowRun("completed", "staging-recommender-v1.2.3", "success"));

        DeployerCommand command = recognizer.recognize(Events.functionUrlEvent("workflow_run", body, sign(body)));

        assertThat(command).isEqualTo(new ReleaseTagBuild(ReleaseTag.parse("staging-recommender-v1.2.3"),
                null, HEAD_SHA, RUN_URL, null, null, DELIVERY_ID, "mara-fit"));
        ReleaseTagBuild build = (ReleaseTagBuild) command;
        assertThat(build.environment()).isEqualTo("staging");
        assertThat(build.trigger()).isEqualTo(new Trigger(Trigger.Type.VERSION_TAG, DELIVERY_ID, "mara-fit",
                "staging-recommender-v1.2.3", HEAD_SHA, RUN_URL));
    }

    @Test
    void successfulTagBuildOverApiGatewayWithMixedCaseHeadersAndPlainBody() {
        String body = Events.workflowRun("completed", "production-recommender-v2.0.0-rc.1", "success");

        DeployerCommand command = recognizer.recognize(
                Events.apiGatewayRestEvent("workflow_run", body, sign(utf8(body))));

        assertThat(command).isInstanceOfSatisfying(ReleaseTagBuild.class, b -> {
            assertThat(b.tag()).isEqualTo(new ReleaseTag("production", "2.0.0-rc.1", "production-recommender-v2.0.0-rc.1"));
            assertThat(b.code()).isNull();
            assertThat(b.eventId()).isEqualTo(DELIVERY_ID);
        });
    }

    @Test
    void theSignatureCoversTheRawBytesNotTheParsedJson() {
        // The same JSON re-serialised compactly is a different byte sequence: a signature over it must fail.
        String pretty = Events.workflowRun("completed", "staging-recommender-v1.2.3", "success");
        byte[] compact = utf8(read(pretty).toString());

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", utf8(pretty), sign(compact))))
                .isInstanceOf(Unauthorized.class);
        assertThat(recognizer.recognize(Events.apiGatewayRestEvent("workflow_run", pretty, sign(compact))))
                .isInstanceOf(Unauthorized.class);
    }

    @Test
    void aRunOfAForksPullRequestNamedLikeATagIsIgnored() {
        byte[] pullRequest = utf8(Events.workflowRun("completed", "production-recommender-v9.9.9", "success")
                .replace("\"event\": \"push\"", "\"event\": \"pull_request\""));
        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", pullRequest, sign(pullRequest))))
                .isInstanceOfSatisfying(DeployerCommand.Ignored.class,
                        i -> assertThat(i.reason()).contains("pull_request"));

        byte[] fork = utf8(Events.workflowRun("completed", "production-recommender-v9.9.9", "success")
                .replaceFirst("\"head_repository\": \\{\"id\": 654321098, \"name\": \"mask-recommender\", "
                        + "\"full_name\": \"breathesafe/mask-recommender\"",
                        "\"head_repository\": {\"id\": 1, \"name\": \"mask-recommender\", \"full_name\": \"evil/mask-recommender\""));
        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", fork, sign(fork))))
                .isInstanceOfSatisfying(DeployerCommand.Ignored.class,
                        i -> assertThat(i.reason()).contains("evil/mask-recommender"));
    }

    @Test
    void aForgedSignatureIsUnauthorized() {
        byte[] body = utf8(Events.workflowRun("completed", "production-recommender-v1.0.0", "success"));

        DeployerCommand command = recognizer.recognize(
                Events.functionUrlEvent("workflow_run", body, WebhookSignature.sign("not the secret", body)));

        assertThat(command).isEqualTo(new Unauthorized(WebhookSignature.Result.MISMATCH.reason()));
        assertThat(((Unauthorized) command).reason()).doesNotContain(sign(body).substring(7));
    }

    @Test
    void aTamperedBodyIsUnauthorized() {
        byte[] signed = utf8(Events.workflowRun("completed", "staging-recommender-v1.2.3", "success"));
        byte[] tampered = utf8(Events.workflowRun("completed", "production-recommender-v1.2.3", "success"));

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", tampered, sign(signed))))
                .isInstanceOf(Unauthorized.class);
    }

    @Test
    void aMissingSignatureIsUnauthorized() {
        byte[] body = utf8(Events.workflowRun("completed", "staging-recommender-v1.2.3", "success"));

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", body, null)))
                .isEqualTo(new Unauthorized("missing X-Hub-Signature-256 header"));
    }

    @Test
    void theLegacySha1HeaderAloneIsUnauthorized() {
        byte[] body = utf8(Events.PING);
        ObjectNode event = Events.functionUrlEvent("ping", body, null);

        // The fixture carries x-hub-signature: sha1=…, which is never accepted.
        assertThat(event.get("headers").has("x-hub-signature")).isTrue();
        assertThat(recognizer.recognize(event)).isInstanceOf(Unauthorized.class);
        event.with("headers").put("x-hub-signature-256", "sha1=0123456789abcdef0123456789abcdef01234567");
        assertThat(recognizer.recognize(event))
                .isEqualTo(new Unauthorized(WebhookSignature.Result.WRONG_PREFIX.reason()));
    }

    @Test
    void withoutAConfiguredSecretEveryDeliveryIsUnauthorized() {
        byte[] body = utf8(Events.PING);
        ObjectNode event = Events.functionUrlEvent("ping", body, sign(body));

        assertThat(new EventRecognizer(null).recognize(event)).isInstanceOfSatisfying(Unauthorized.class,
                u -> assertThat(u.reason()).contains("no webhook secret"));
        assertThat(new EventRecognizer(new byte[0]).recognize(event)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void aBodyThatIsNotBase64CannotBeVerified() {
        byte[] body = utf8(Events.PING);
        ObjectNode event = Events.functionUrlEvent("ping", body, sign(body));
        event.put("body", "not base64 at all!");

        assertThat(recognizer.recognize(event)).isInstanceOfSatisfying(Unauthorized.class,
                u -> assertThat(u.reason()).contains("base64"));
    }

    @Test
    void conflictingSignatureHeadersAreUnauthorized() {
        byte[] body = utf8(Events.PING);
        ObjectNode event = Events.functionUrlEvent("ping", body, sign(body));
        event.with("headers").put("X-Hub-Signature-256", WebhookSignature.sign("other", body));

        assertThat(recognizer.recognize(event)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void operatorActionsOverHttpAreUnauthorized() {
        byte[] body = utf8("{\"action\": \"rollback\", \"environment\": \"production\"}");
        ObjectNode event = Events.functionUrlEvent("ping", body, null);
        event.with("headers").remove("x-github-event");

        assertThat(recognizer.recognize(event)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void aSignedRequestWithoutAnEventHeaderIsInvalid() {
        byte[] body = utf8(Events.PING);
        ObjectNode event = Events.functionUrlEvent("ping", body, sign(body));
        event.with("headers").remove("x-github-event");

        assertThat(recognizer.recognize(event)).isInstanceOfSatisfying(Invalid.class,
                i -> assertThat(i.reason()).contains("X-GitHub-Event"));
    }

    @Test
    void ping() {
        byte[] body = utf8(Events.PING);

        assertThat(recognizer.recognize(Events.functionUrlEvent("ping", body, sign(body))))
                .isEqualTo(new Ping(DELIVERY_ID));
        assertThat(recognizer.recognize(Events.apiGatewayRestEvent("ping", Events.PING, sign(body))))
                .isEqualTo(new Ping(DELIVERY_ID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"requested", "in_progress"})
    void runsThatAreNotCompletedAreIgnored(String action) {
        byte[] body = utf8(Events.workflowRun(action, "staging-recommender-v1.2.3", null));

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", body, sign(body))))
                .isInstanceOfSatisfying(Ignored.class, i -> assertThat(i.reason()).contains("'" + action + "'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"failure", "cancelled", "skipped", "timed_out"})
    void unsuccessfulRunsAreIgnored(String conclusion) {
        byte[] body = utf8(Events.workflowRun("completed", "staging-recommender-v1.2.3", conclusion));

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", body, sign(body))))
                .isInstanceOfSatisfying(Ignored.class, i -> assertThat(i.reason()).contains("'" + conclusion + "'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "feature/new-recommender-ui", "v1.2.3"})
    void branchBuildsAreIgnored(String branch) {
        byte[] body = utf8(Events.workflowRun("completed", branch, "success"));

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", body, sign(body))))
                .isInstanceOfSatisfying(Ignored.class, i -> assertThat(i.reason())
                        .contains("workflow_run.head_branch").contains("not a release tag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev-recommender-v1.2.3", "staging-recommender-v01.2.3", "staging-recommender-1.2.3",
            "production-recommender-v1.2.3.4"})
    void invalidTagsAreRefused(String tag) {
        byte[] body = utf8(Events.workflowRun("completed", tag, "success"));

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", body, sign(body))))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason())
                        .startsWith("workflow_run.head_branch: tag '" + tag + "'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"push", "create", "release", "workflow_job", "check_suite"})
    void otherEventTypesAreIgnored(String type) {
        byte[] body = utf8("{\"ref\":\"refs/tags/staging-recommender-v1.2.3\",\"sender\":{\"login\":\"mara-fit\"}}");

        assertThat(recognizer.recognize(Events.functionUrlEvent(type, body, sign(body))))
                .isEqualTo(new Ignored("GitHub event '" + type + "' is not handled (only workflow_run and ping)"));
    }

    @Test
    void onlyConfiguredReleaseWorkflowsRelease() {
        EventRecognizer filtered = new EventRecognizer(utf8(SECRET), EventRecognizer.DEFAULT_ENVIRONMENTS,
                Set.of("build-inference.yml"));
        byte[] build = utf8(Events.workflowRun("completed", "staging-recommender-v1.2.3", "success"));
        String retrain = Events.workflowRun("completed", "staging-recommender-v1.2.3", "success", "Retrain model")
                .replace("build-inference.yml", "retrain-model-staging.yml");

        assertThat(filtered.recognize(Events.functionUrlEvent("workflow_run", build, sign(build))))
                .isInstanceOf(ReleaseTagBuild.class);
        assertThat(filtered.recognize(Events.functionUrlEvent("workflow_run", utf8(retrain), sign(utf8(retrain)))))
                .isInstanceOfSatisfying(Ignored.class, i -> assertThat(i.reason())
                        .contains("'Retrain model'").contains("not a release workflow"));
        EventRecognizer byName = new EventRecognizer(utf8(SECRET), EventRecognizer.DEFAULT_ENVIRONMENTS,
                Set.of("Retrain model"));
        assertThat(byName.recognize(Events.functionUrlEvent("workflow_run", utf8(retrain), sign(utf8(retrain)))))
                .isInstanceOf(ReleaseTagBuild.class);
    }

    @Test
    void aTagForAnEnvironmentNotServedHereIsRefused() {
        EventRecognizer stagingOnly = new EventRecognizer(utf8(SECRET), Set.of("staging"));
        byte[] body = utf8(Events.workflowRun("completed", "production-recommender-v1.2.3", "success"));

        assertThat(stagingOnly.recognize(Events.functionUrlEvent("workflow_run", body, sign(body))))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).contains("production")
                        .contains("not an allowed environment"));
    }

    @Test
    void theDeliveryIdIsRequiredForATagBuild() {
        byte[] body = utf8(Events.workflowRun("completed", "staging-recommender-v1.2.3", "success"));
        ObjectNode event = Events.functionUrlEvent("workflow_run", body, sign(body));
        event.with("headers").remove("x-github-delivery");

        assertThat(recognizer.recognize(event)).isInstanceOfSatisfying(Invalid.class,
                i -> assertThat(i.reason()).contains("X-GitHub-Delivery"));
    }

    @Test
    void malformedJsonInASignedBodyIsInvalid() {
        byte[] body = utf8("{\"action\": \"completed\", \"workflow_run\": {");

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", body, sign(body))))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).startsWith("malformed JSON"));
    }

    @Test
    void formEncodedDeliveriesAreVerifiedOverTheFormBody() {
        String json = Events.workflowRun("completed", "staging-recommender-v1.2.3", "success");
        byte[] form = utf8("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8));
        ObjectNode event = Events.functionUrlEvent("workflow_run", form, sign(form));
        event.with("headers").put("content-type", "application/x-www-form-urlencoded");

        assertThat(recognizer.recognize(event)).isInstanceOfSatisfying(ReleaseTagBuild.class,
                b -> assertThat(b.tag().tag()).isEqualTo("staging-recommender-v1.2.3"));
        ObjectNode signedJson = Events.functionUrlEvent("workflow_run", form, sign(utf8(json)));
        signedJson.with("headers").put("content-type", "application/x-www-form-urlencoded");
        assertThat(recognizer.recognize(signedJson)).isInstanceOf(Unauthorized.class);
    }

    @Test
    void refsTagsHeadBranchIsAccepted() {
        byte[] body = utf8(Events.workflowRun("completed", "refs/tags/staging-recommender-v10.20.30", "success"));

        assertThat(recognizer.recognize(Events.functionUrlEvent("workflow_run", body, sign(body))))
                .isInstanceOfSatisfying(ReleaseTagBuild.class,
                        b -> assertThat(b.tag().tag()).isEqualTo("staging-recommender-v10.20.30"));
    }

    @Test
    void nonUtf8BinaryBodiesAreVerifiedByteForByte() {
        byte[] body = {(byte) 0xff, (byte) 0xfe, 0x7b, 0x7d};
        ObjectNode event = Events.functionUrlEvent("ping", body, sign(body));

        // Authentic, so it gets past the signature; the payload is not JSON.
        assertThat(recognizer.recognize(event)).isInstanceOf(Invalid.class);
        byte[] reencoded = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        assertThat(recognizer.recognize(Events.functionUrlEvent("ping", body, sign(reencoded))))
                .isInstanceOf(Unauthorized.class);
    }
}
