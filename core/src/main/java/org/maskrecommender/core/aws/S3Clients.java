package org.maskrecommender.core.aws;

import java.net.URI;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the S3 client of the command-line tools from the standard AWS environment variables, so the
 * same commands reach AWS or a local S3 API server: {@code AWS_ENDPOINT_URL_S3} (else
 * {@code AWS_ENDPOINT_URL}) overrides the endpoint and switches to path-style addressing (local
 * servers have no per-bucket host names); {@code AWS_REGION} (else {@code AWS_DEFAULT_REGION}, else
 * us-east-1); {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) or the default credential chain.
 * The Lambda apps get theirs from the Quarkus S3 extension instead.
 */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client fromEnvironment(Map<String, String> env) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(firstOf(env, "us-east-1", "AWS_REGION", "AWS_DEFAULT_REGION")))
                .credentialsProvider(credentials(env));
        String endpoint = firstOf(env, null, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        if (endpoint != null) {
            // Local S3 API servers (S3Proxy) intermittently drop aws-chunked uploads; plain bodies always work.
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        String token = env.get("AWS_SESSION_TOKEN");
        if (key != null && secret != null && token != null) {
            return StaticCredentialsProvider.create(AwsSessionCredentials.create(key, secret, token));
        }
        if (key != null && secret != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static String firstOf(Map<String, String> env, String fallback, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return fallback;
    }
}
