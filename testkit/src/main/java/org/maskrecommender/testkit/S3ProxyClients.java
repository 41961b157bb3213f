package org.maskrecommender.testkit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds AWS SDK clients for an {@link S3ProxyServer}. Kept out of {@code S3ProxyServer} so that
 * class loads and runs without the (optional) AWS SDK on the class path.
 */
final class S3ProxyClients {

    private S3ProxyClients() {
    }

    static S3Client create(S3ProxyServer server) {
        return builder(server).build();
    }

    static S3ClientBuilder builder(S3ProxyServer server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
                // S3Proxy serves buckets as paths; virtual-host names would need DNS for bucket.127.0.0.1
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // Measured with S3Proxy 4.1.0 and retries off: 5-20 % of aws-chunked uploads (the SDK's
                // default over http) fail on the client with "Error writing request body to server"
                // although S3Proxy stored the object; the SDK's retry then hides it, except for
                // conditional puts, whose retry answers 412. Plain bodies: 0 failures in 400.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
    }
}
