package org.maskrecommender.core.aws;

import java.util.Map;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the S3 client of the command-line tools from the standard AWS environment variables
 * ({@link AwsEnvironment}), so the same commands reach AWS or a local S3 API server. An endpoint
 * override switches to path-style addressing (local servers have no per-bucket host names). The
 * Lambda apps get theirs from the Quarkus S3 extension instead.
 */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client fromEnvironment(Map<String, String> env) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(AwsEnvironment.region(env))
                .credentialsProvider(AwsEnvironment.credentials(env));
        // Local S3 API servers (S3Proxy) intermittently drop aws-chunked uploads; plain bodies always work.
        AwsEnvironment.endpoint(env, "S3").ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build()));
        return builder.build();
    }
}
