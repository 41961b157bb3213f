package org.maskrecommender.deployer.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.maskrecommender.deployer.trigger.Events.HEAD_SHA;
import static org.maskrecommender.deployer.trigger.Events.RUN_URL;
import static org.maskrecommender.deployer.trigger.Events.read;
import static org.maskrecommender.deployer.trigger.Events.utf8;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.release.CodeLocation;
import org.maskrecommender.deployer.release.ReleaseTag;
import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.Refused;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseTagBuild;

class ReleaseWorkflowInvokeTest {

    private static final String MODEL_VERSION = Events.MODEL_VERSION;

    private final EventRecognizer recognizer = new EventRecognizer(EnumSet.allOf(Environment.class));

    @Test
    void deployWithTagAndCode() {
        DeployerCommand command = recognizer.recognize(read("""
                {"action": "deploy", "tag": "staging-recommender-v1.2.3",
                 "code": {"s3_bucket": "mask-recommender-artifacts", "s3_key": "code/staging-recommender-v1.2.3/function.zip"},
                 "git_sha": "3f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
                 "run_url": "https://github.com/breathesafe/mask-recommender/actions/runs/12345678901"}
                """));

        assertThat(command).isEqualTo(new ReleaseTagBuild(ReleaseTag.parse("staging-recommender-v1.2.3"),
                new CodeLocation("mask-recommender-artifacts", "code/staging-recommender-v1.2.3/function.zip"),
                HEAD_SHA, RUN_URL, null, null, null, "release-workflow"));
        assertThat(((ReleaseTagBuild) command).trigger()).isEqualTo(new Trigger(Trigger.Type.TAG, null,
                "release-workflow", "staging-recommender-v1.2.3", HEAD_SHA, RUN_URL));
    }

    @Test
    void deployWithEveryOptionalField() {
        DeployerCommand command = recognizer.recognize(read("""
                {"action": "deploy", "tag": "production-recommender-v1.0.0-rc.1", "environment": "production",
                 "code": "s3://mask-recommender-artifacts/code/production-recommender-v1.0.0-rc.1/function.zip",
                 "model_version": "20261128T050012Z-3f9a1c2e", "canary_weight": 0.1,
                 "event_id": "gha-12345678901-1", "actor": "mara-fit"}
                """));

        assertThat(command).isEqualTo(new ReleaseTagBuild(ReleaseTag.parse("production-recommender-v1.0.0-rc.1"),
                new CodeLocation("mask-recommender-artifacts", "code/production-recommender-v1.0.0-rc.1/function.zip"),
                null, null, MODEL_VERSION, 0.1, "gha-12345678901-1", "mara-fit"));
    }

    @Test
    void codeMayBeLeftToConfiguration() {
        assertThat(recognizer.recognize(read("{\"action\": \"deploy\", \"tag\": \"staging-recommender-v0.1.2\"}")))
                .isInstanceOfSatisfying(ReleaseTagBuild.class, b -> assertThat(b.code()).isNull());
    }

    @Test
    void theTagDecidesTheEnvironment() {
        assertThat(recognizer.recognize(read("""
                {"action": "deploy", "tag": "staging-recommender-v1.2.3", "environment": "production"}
                """))).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason())
                .contains("deploys to staging").contains("'production'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev-recommender-v1.2.3", "staging-recommender-v1.2", "", "staging-recommender-v1.2.3+build.5"})
    void invalidTagsAreRefusedOrInvalid(String tag) {
        DeployerCommand command = recognizer.recognize(read(
                "{\"action\": \"deploy\", \"tag\": \"" + tag + "\", \"code\": \"s3://b-1/k.zip\"}"));

        if (tag.isEmpty()) {
            assertThat(command).isEqualTo(new Invalid("tag must not be blank"));
        } else {
            assertThat(command).isInstanceOfSatisfying(Refused.class,
                    r -> assertThat(r.reason()).startsWith("tag: tag '" + tag + "'"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "1.5", "-0.2", "\"0.5\"", "true"})
    void canaryWeightMustBeBetweenZeroAndOne(String weight) {
        assertThat(recognizer.recognize(read(
                "{\"action\": \"deploy\", \"tag\": \"staging-recommender-v1.2.3\", \"canary_weight\": " + weight + "}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("canary_weight"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"s3_bucket\": \"bucket-1\"}",
            "{\"s3_key\": \"function.zip\"}",
            "{\"s3_bucket\": \"bucket-1\", \"s3_key\": \"\"}",
            "{\"s3_bucket\": \"bucket-1\", \"s3_key\": \"function.zip\", \"region\": \"eu-west-1\"}",
            "\"https://example.org/function.zip\"",
            "\"s3://bucket-1\"",
            "\"s3://bucket-1/\"",
            "42"})
    void malformedCodeIsInvalid(String code) {
        assertThat(recognizer.recognize(read(
                "{\"action\": \"deploy\", \"tag\": \"staging-recommender-v1.2.3\", \"code\": " + code + "}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("code"));
    }

    @Test
    void malformedShaAndUrlAreInvalid() {
        assertThat(recognizer.recognize(read(
                "{\"action\": \"deploy\", \"tag\": \"staging-recommender-v1.2.3\", \"git_sha\": \"main\"}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).startsWith("git_sha"));
        assertThat(recognizer.recognize(read(
                "{\"action\": \"deploy\", \"tag\": \"staging-recommender-v1.2.3\", \"run_url\": \"javascript:x\"}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).startsWith("run_url"));
    }

    @Test
    void unknownFieldsAreInvalid() {
        assertThat(recognizer.recognize(read(
                "{\"action\": \"deploy\", \"tag\": \"staging-recommender-v1.2.3\", \"canary\": 0.1}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason())
                        .contains("unknown field 'canary'").contains("canary_weight"));
    }
}
