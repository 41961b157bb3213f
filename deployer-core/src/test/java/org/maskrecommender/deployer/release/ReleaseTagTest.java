package org.maskrecommender.deployer.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.deployer.release.ReleaseTag.InvalidTagException;
import org.maskrecommender.deployer.release.ReleaseTag.InvalidTagException.Reason;

class ReleaseTagTest {

    @ParameterizedTest
    @CsvSource({
            "staging-recommender-v0.1.2,                 staging,    0.1.2,           staging-recommender-v0.1.2",
            "production-recommender-v1.0.0-rc.1,         production, 1.0.0-rc.1,      production-recommender-v1.0.0-rc.1",
            "refs/tags/staging-recommender-v10.20.30,    staging,    10.20.30,        staging-recommender-v10.20.30",
            "production-recommender-v0.0.0,              production, 0.0.0,           production-recommender-v0.0.0",
            "staging-recommender-v1.2.3-alpha.1,         staging,    1.2.3-alpha.1,   staging-recommender-v1.2.3-alpha.1",
            "staging-recommender-v1.2.3-0.3.7,           staging,    1.2.3-0.3.7,     staging-recommender-v1.2.3-0.3.7",
            "staging-recommender-v1.2.3-x-y-z.--,        staging,    1.2.3-x-y-z.--,  staging-recommender-v1.2.3-x-y-z.--",
            "staging-recommender-v1.2.3-0alpha,          staging,    1.2.3-0alpha,    staging-recommender-v1.2.3-0alpha",
            "refs/tags/production-recommender-v2.0.0,    production, 2.0.0,           production-recommender-v2.0.0",
    })
    void acceptsReleaseTags(String input, String environment, String version, String tag) {
        ReleaseTag parsed = ReleaseTag.parse(input);

        assertThat(parsed).isEqualTo(new ReleaseTag(Environment.of(environment), version, tag));
        assertThat(parsed.environment().id()).isEqualTo(environment);
        assertThat(parsed.version()).isEqualTo(version);
        assertThat(parsed.tag()).isEqualTo(tag);
    }

    @ParameterizedTest
    @CsvSource({
            // tag,                                 reason,          words the message must contain
            "staging-recommender-1.2.3,             UNKNOWN_PREFIX,  must start with a lower-case",
            "staging-recommender-v1.2,              NOT_SEMVER,      three numbers",
            "staging-recommender-v01.2.3,           NOT_SEMVER,      leading zero",
            "dev-recommender-v1.2.3,                UNKNOWN_PREFIX,  unknown prefix",
            "production-recommender-v1.2.3.4,       NOT_SEMVER,      three numbers",
            "staging-recommender-v1.2.3-,           NOT_SEMVER,      empty pre-release",
            "staging-recommender-v1.2.3-rc.01,      NOT_SEMVER,      leading zero",
            "staging-recommender-v1.2.3-rc..1,      NOT_SEMVER,      empty pre-release identifier",
            "staging-recommender-v1.2.3-rc_1,       NOT_SEMVER,      [0-9A-Za-z-]",
            "staging-recommender-v,                 NOT_SEMVER,      no version",
            "staging-recommender-vx.2.3,            NOT_SEMVER,      not a number",
            "staging-recommender-v1.2.3+build.5,    BUILD_METADATA,  build metadata",
            "Staging-recommender-v1.2.3,            UNKNOWN_PREFIX,  lower case",
            "refs/heads/staging-recommender-v1.2.3, UNKNOWN_PREFIX,  unknown prefix",
            "v1.2.3,                                UNKNOWN_PREFIX,  unknown prefix",
            "'staging-recommender-v1.2.3 ',         NOT_SEMVER,      not a semantic version",
            "' staging-recommender-v1.2.3',         UNKNOWN_PREFIX,  unknown prefix",
            "refs/tags/,                            EMPTY,           empty",
    })
    void refusesEverythingElseWithTheReason(String input, Reason reason, String because) {
        assertThatThrownBy(() -> ReleaseTag.parse(input))
                .isInstanceOfSatisfying(InvalidTagException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(because);
                });
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesEmpty(String input) {
        assertThatThrownBy(() -> ReleaseTag.parse(input))
                .isInstanceOfSatisfying(InvalidTagException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.EMPTY);
                    assertThat(e.getMessage()).contains("empty tag")
                            .contains("staging-recommender-vX.Y.Z or production-recommender-vX.Y.Z");
                });
    }

    @Test
    void refusesOverlongTags() {
        String tag = "staging-recommender-v1.2.3-" + "a".repeat(200);

        assertThatThrownBy(() -> ReleaseTag.parse(tag))
                .isInstanceOfSatisfying(InvalidTagException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LONG));
    }

    @Test
    void invalidTagExceptionIsARuntimeException() {
        assertThatThrownBy(() -> ReleaseTag.parse("nope")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void prefixAloneDecidesTheEnvironment() {
        assertThat(ReleaseTag.parse("production-recommender-v1.0.0-staging").environment()).isEqualTo(Environment.PRODUCTION);
        assertThat(ReleaseTag.parse("staging-recommender-v1.0.0-production").environment()).isEqualTo(Environment.STAGING);
    }

    @Test
    void constructorRefusesInconsistentTags() {
        assertThatThrownBy(() -> new ReleaseTag(Environment.PRODUCTION, "1.2.3", "staging-recommender-v1.2.3"))
                .isInstanceOf(InvalidTagException.class);
        assertThatThrownBy(() -> new ReleaseTag(Environment.STAGING, "1.2", "staging-recommender-v1.2"))
                .isInstanceOf(InvalidTagException.class);
        assertThatThrownBy(() -> new ReleaseTag(null, "1.2.3", "dev-recommender-v1.2.3"))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void eachEnvironmentsPrefixIsItsTagPrefix() {
        for (Environment environment : Environment.values()) {
            assertThat(ReleaseTag.parse(environment.tagPrefix() + "1.2.3").environment()).isEqualTo(environment);
        }
        assertThat(Environment.STAGING.tagPrefix()).isEqualTo("staging-recommender-v");
        assertThat(Environment.PRODUCTION.tagPrefix()).isEqualTo("production-recommender-v");
    }
}
