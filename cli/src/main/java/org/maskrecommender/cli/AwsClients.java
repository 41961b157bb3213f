package org.maskrecommender.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The command line's AWS clients, from the standard AWS variables ({@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_ENDPOINT_URL_S3}, …) so one set of variables points every command at AWS or at local stand-ins.
 *
 * <p>The SDK reads the same variables by itself, but only from the process environment; the command line reads
 * them from the map it was given, so one JVM can run commands against different stand-ins (its tests do). The
 * Lambda functions get their clients from the Quarkus extensions instead.
 */
final class AwsClients {

    /** Lambda's maximum function Timeout (900 s) plus the 30-s margin each Invoke adds to its callee's Timeout. */
    static final Duration LAMBDA_READ_TIMEOUT = Duration.ofSeconds(930);

    private final Map<String, String> env;

    AwsClients(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** An endpoint override switches to path-style addressing: local S3 servers have no per-bucket host names. */
    S3Client s3() {
        var builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(region())
                .credentialsProvider(credentials());
        // Local S3 API servers (S3Proxy) intermittently drop aws-chunked uploads; plain bodies always work.
        endpoint("S3").ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()));
        return builder.build();
    }

    /**
     * The deployer's services invoke the inference function synchronously (the smoke test), so the socket waits
     * longer than any function may run: {@link #LAMBDA_READ_TIMEOUT}. Each Invoke sets its own, shorter, timeout
     * from its callee's and is not retried.
     */
    LambdaClient lambda() {
        var builder = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(LAMBDA_READ_TIMEOUT).build()).region(region())
                .credentialsProvider(credentials());
        endpoint("LAMBDA").ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION}, else us-east-1. */
    private Region region() {
        return Region.of(first("AWS_REGION", "AWS_DEFAULT_REGION").orElse("us-east-1"));
    }

    /** {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}; empty means the service's AWS endpoint. */
    private Optional<URI> endpoint(String service) {
        return first("AWS_ENDPOINT_URL_" + service, "AWS_ENDPOINT_URL").map(URI::create);
    }

    /** Static keys (with the session token when set) when given, else the default provider chain. */
    private AwsCredentialsProvider credentials() {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        String token = env.get("AWS_SESSION_TOKEN");
        if (key != null && secret != null) {
            return StaticCredentialsProvider.create(token != null
                    ? AwsSessionCredentials.create(key, secret, token) : AwsBasicCredentials.create(key, secret));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private Optional<String> first(String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
