package org.maskrecommender.testkit.lambda;

import java.nio.charset.StandardCharsets;

/**
 * One Invoke a {@link LambdaEmulator} handed to the function's {@link Invoker}, with what it answered; see
 * {@link LambdaEmulator#invocations()}.
 *
 * @param qualifier       the qualifier the caller asked for (a version, an alias, or null for {@code $LATEST})
 * @param executedVersion the version that ran, after an alias's routing
 * @param functionError   null, or {@code Unhandled} when the invoker threw
 */
public record RecordedInvoke(String functionName, String qualifier, String executedVersion, byte[] payload,
        byte[] response, String functionError) {

    public String payloadUtf8() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public String responseUtf8() {
        return new String(response, StandardCharsets.UTF_8);
    }
}
