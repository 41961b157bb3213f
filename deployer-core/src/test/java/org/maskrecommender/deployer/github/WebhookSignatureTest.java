package org.maskrecommender.deployer.github;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

import org.maskrecommender.deployer.github.WebhookSignature.Result;

class WebhookSignatureTest {

    private static final byte[] SECRET = "a webhook secret from configuration".getBytes(UTF_8);
    private static final byte[] BODY = """
            {"action":"completed","workflow_run":{"head_branch":"staging-recommender-v1.2.3","conclusion":"success"}}"""
            .getBytes(UTF_8);

    private final WebhookSignature verifier = new WebhookSignature(SECRET);

    @Test
    void matchesGitHubsPublishedTestVector() {
        // From GitHub's "Validating webhook deliveries" documentation.
        String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        assertThat(WebhookSignature.sign("It's a Secret to Everybody", "Hello, World!".getBytes(UTF_8)))
                .isEqualTo(expected);
        assertThat(new WebhookSignature("It's a Secret to Everybody".getBytes(UTF_8))
                .check(expected, "Hello, World!".getBytes(UTF_8))).isEqualTo(Result.VALID);
    }

    @Test
    void acceptsTheCorrectSignature() {
        String header = WebhookSignature.sign(SECRET, BODY);

        assertThat(header).startsWith("sha256=").hasSize("sha256=".length() + 64);
        assertThat(verifier.check(header, BODY)).isEqualTo(Result.VALID);
        assertThat(verifier.verify(header, BODY)).isTrue();
    }

    @Test
    void acceptsUpperCaseHexAndSurroundingWhitespace() {
        String header = WebhookSignature.sign(SECRET, BODY);
        String upper = "sha256=" + header.substring("sha256=".length()).toUpperCase(Locale.ROOT);

        assertThat(verifier.check(upper, BODY)).isEqualTo(Result.VALID);
        assertThat(verifier.check(" " + header + "\t", BODY)).isEqualTo(Result.VALID);
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        String forged = WebhookSignature.sign("guessed secret", BODY);

        assertThat(verifier.check(forged, BODY)).isEqualTo(Result.MISMATCH);
        assertThat(verifier.verify(forged, BODY)).isFalse();
    }

    @Test
    void refusesATamperedBody() {
        String header = WebhookSignature.sign(SECRET, BODY);
        byte[] tampered = BODY.clone();
        int at = new String(BODY, UTF_8).indexOf("1.2.3") + 4;
        tampered[at] = (byte) '4'; // staging-recommender-v1.2.4

        assertThat(verifier.check(header, tampered)).isEqualTo(Result.MISMATCH);
    }

    @Test
    void refusesEveryOneByteChangeOfTheBody() {
        String header = WebhookSignature.sign(SECRET, BODY);
        for (int i = 0; i < BODY.length; i++) {
            byte[] tampered = BODY.clone();
            tampered[i] ^= 0x01;
            assertThat(verifier.check(header, tampered)).as("byte %d flipped", i).isEqualTo(Result.MISMATCH);
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesAMissingHeader(String header) {
        assertThat(verifier.check(header, BODY)).isEqualTo(Result.MISSING);
        assertThat(verifier.check("   ", BODY)).isEqualTo(Result.MISSING);
    }

    @Test
    void refusesTheSha1Header() {
        // The legacy X-Hub-Signature value shape: correct-looking but the wrong algorithm.
        assertThat(verifier.check("sha1=0123456789abcdef0123456789abcdef01234567", BODY)).isEqualTo(Result.WRONG_PREFIX);
        String header = WebhookSignature.sign(SECRET, BODY);
        assertThat(verifier.check(header.replace("sha256=", "sha1="), BODY)).isEqualTo(Result.WRONG_PREFIX);
        assertThat(verifier.check(header.replace("sha256=", "SHA256="), BODY)).isEqualTo(Result.WRONG_PREFIX);
        assertThat(verifier.check(header.substring("sha256=".length()), BODY)).isEqualTo(Result.WRONG_PREFIX);
    }

    @Test
    void refusesBadHex() {
        String good = WebhookSignature.sign(SECRET, BODY);
        String notHex = good.substring(0, good.length() - 1) + "g";

        assertThat(verifier.check(notHex, BODY)).isEqualTo(Result.BAD_HEX);
        assertThat(verifier.check("sha256=" + "zz".repeat(32), BODY)).isEqualTo(Result.BAD_HEX);
        assertThat(verifier.check("sha256=" + "\u0661".repeat(64), BODY)).isEqualTo(Result.BAD_HEX); // Arabic-Indic 1
    }

    @Test
    void refusesTheWrongLength() {
        String good = WebhookSignature.sign(SECRET, BODY);

        assertThat(verifier.check(good.substring(0, good.length() - 2), BODY)).isEqualTo(Result.WRONG_LENGTH);
        assertThat(verifier.check(good.substring(0, good.length() - 1), BODY)).isEqualTo(Result.WRONG_LENGTH);
        assertThat(verifier.check(good + "00", BODY)).isEqualTo(Result.WRONG_LENGTH);
        assertThat(verifier.check("sha256=", BODY)).isEqualTo(Result.WRONG_LENGTH);
    }

    @Test
    void withoutASecretNothingVerifies() {
        String header = WebhookSignature.sign(SECRET, BODY);

        assertThat(new WebhookSignature(null).check(header, BODY)).isEqualTo(Result.NO_SECRET);
        assertThat(new WebhookSignature(new byte[0]).check(header, BODY)).isEqualTo(Result.NO_SECRET);
        assertThat(new WebhookSignature(null).configured()).isFalse();
        assertThatThrownBy(() -> WebhookSignature.sign(new byte[0], BODY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reasonsNeverContainTheExpectedSignature() {
        String expectedHex = WebhookSignature.sign(SECRET, BODY).substring("sha256=".length());
        for (Result result : Result.values()) {
            assertThat(result.reason()).doesNotContain(expectedHex).isNotBlank();
        }
    }

    @Test
    void theSecretArrayIsCopied() {
        byte[] secret = SECRET.clone();
        WebhookSignature copy = new WebhookSignature(secret);
        secret[0] ^= 0x7f;

        assertThat(copy.check(WebhookSignature.sign(SECRET, BODY), BODY)).isEqualTo(Result.VALID);
    }

    @Test
    void emptyBodiesAreSignedToo() {
        String header = WebhookSignature.sign(SECRET, new byte[0]);

        assertThat(verifier.check(header, new byte[0])).isEqualTo(Result.VALID);
        assertThat(verifier.check(header, null)).isEqualTo(Result.VALID);
        assertThat(verifier.check(header, BODY)).isEqualTo(Result.MISMATCH);
    }
}
