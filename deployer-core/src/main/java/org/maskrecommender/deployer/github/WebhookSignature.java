package org.maskrecommender.deployer.github;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub webhook signatures: {@code X-Hub-Signature-256: sha256=<64 lower-case hex digits>}, the
 * HMAC-SHA256 of the <em>raw</em> request body bytes keyed with the webhook secret (its UTF-8 bytes when it
 * is configured as text, as GitHub does).
 *
 * <p>The comparison is constant-time ({@link MessageDigest#isEqual}) over the decoded digest bytes. A
 * {@link Result} says why a signature was refused, for a 401 message; it never contains the expected value.
 * Thread-safe.
 */
public final class WebhookSignature {

    /** The header GitHub sends the signature in. */
    public static final String HEADER = "X-Hub-Signature-256";
    /** The algorithm prefix of the header value. */
    public static final String PREFIX = "sha256=";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int DIGEST_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    /** The outcome of {@link #check}; only {@link #VALID} is accepted. */
    public enum Result {
        VALID("valid signature"),
        NO_SECRET("no webhook secret is configured, so no GitHub delivery can be verified"),
        MISSING("missing " + HEADER + " header"),
        WRONG_PREFIX(HEADER + " must start with '" + PREFIX + "'"),
        BAD_HEX(HEADER + " is not hexadecimal after '" + PREFIX + "'"),
        WRONG_LENGTH(HEADER + " must carry " + DIGEST_BYTES * 2 + " hex digits (an HMAC-SHA256)"),
        MISMATCH(HEADER + " does not match the body and the configured secret");

        private final String reason;

        Result(String reason) {
            this.reason = reason;
        }

        public boolean valid() {
            return this == VALID;
        }

        /** A message safe to return to the caller. */
        public String reason() {
            return reason;
        }
    }

    private final SecretKeySpec key;

    /**
     * @param secret the webhook secret; null or empty means none is configured and every check answers
     *               {@link Result#NO_SECRET}. The array is copied.
     */
    public WebhookSignature(byte[] secret) {
        this.key = secret == null || secret.length == 0 ? null : new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** True when a secret is configured. */
    public boolean configured() {
        return key != null;
    }

    /**
     * Checks a header value against the raw body.
     *
     * @param headerValue the {@value #HEADER} header value (surrounding whitespace is ignored), null if absent
     * @param rawBody     the exact body bytes as received (after base64-decoding, before any parsing)
     */
    public Result check(String headerValue, byte[] rawBody) {
        if (key == null) {
            return Result.NO_SECRET;
        }
        if (headerValue == null || headerValue.isBlank()) {
            return Result.MISSING;
        }
        String value = headerValue.strip();
        if (!value.startsWith(PREFIX)) {
            return Result.WRONG_PREFIX;
        }
        String hex = value.substring(PREFIX.length());
        for (int i = 0; i < hex.length(); i++) {
            if (!isHexDigit(hex.charAt(i))) {
                return Result.BAD_HEX;
            }
        }
        if (hex.length() != DIGEST_BYTES * 2) {
            return Result.WRONG_LENGTH;
        }
        byte[] given = HEX.parseHex(hex);
        byte[] expected = hmac(key, rawBody == null ? new byte[0] : rawBody);
        return MessageDigest.isEqual(expected, given) ? Result.VALID : Result.MISMATCH;
    }

    /** {@code check(headerValue, rawBody).valid()}. */
    public boolean verify(String headerValue, byte[] rawBody) {
        return check(headerValue, rawBody).valid();
    }

    /**
     * The header value GitHub would send for this body: {@code sha256=<hex>}.
     *
     * @throws IllegalArgumentException when the secret is null or empty
     */
    public static String sign(byte[] secret, byte[] body) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("a webhook secret is required to sign");
        }
        return PREFIX + HEX.formatHex(hmac(new SecretKeySpec(secret, ALGORITHM), body));
    }

    /** {@link #sign(byte[], byte[])} with the secret's UTF-8 bytes. */
    public static String sign(String secret, byte[] body) {
        return sign(secret == null ? null : secret.getBytes(StandardCharsets.UTF_8), body);
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
