package org.maskrecommender.core.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Reads the standard AWS environment variables the same way for every client the command-line tools
 * build, so one set of variables points them all at AWS or at local stand-ins.
 */
public final class AwsEnvironment {

    private AwsEnvironment() {
    }

    /** {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else us-east-1. */
    public static Region region(Map<String, String> env) {
        return Region.of(first(env, "AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1"));
    }

    /**
     * The endpoint override for a service: {@code AWS_ENDPOINT_URL_<SERVICE>} (e.g. {@code S3},
     * {@code LAMBDA}), else {@code AWS_ENDPOINT_URL}; empty means the service's AWS endpoint.
     */
    public static Optional<URI> endpoint(Map<String, String> env, String service) {
        return first(env, "AWS_ENDPOINT_URL_" + service, "AWS_ENDPOINT_URL").map(URI::create);
    }

    /** Static keys (with the session token when set) when given, else the default provider chain. */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        String token = env.get("AWS_SESSION_TOKEN");
        if (key != null && secret != null) {
            return StaticCredentialsProvider.create(token != null
                    ? AwsSessionCredentials.create(key, secret, token) : AwsBasicCredentials.create(key, secret));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
