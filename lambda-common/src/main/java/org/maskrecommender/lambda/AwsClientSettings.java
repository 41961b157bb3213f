package org.maskrecommender.lambda;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configuration of an AWS client that a function builds itself: the Lambda client (deployer) and the EventBridge
 * client (training). S3 comes from the Quarkiverse S3 extension; its Lambda and EventBridge client extensions are
 * not served by the registry this project builds from, so these two are produced by one small CDI producer each,
 * configured by these keys the way the extensions configure theirs. Everything absent falls back to the SDK's own
 * chains: region from {@code AWS_REGION}, credentials from the Lambda role, endpoint from
 * {@code AWS_ENDPOINT_URL_<SERVICE>}. Used as a group of a function's {@code @ConfigMapping}.
 */
public interface AwsClientSettings {

    /** Another endpoint (a local stand-in). */
    Optional<URI> endpointOverride();

    Optional<String> region();

    /** Static credentials, for local stand-ins; with none, the SDK's default credentials chain. */
    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();

    /**
     * The HTTP client's socket read timeout; default the SDK's (30 s). A client that invokes functions
     * synchronously needs more than the longest the callee may run, or a slow answer is cut off (and, with retries,
     * the function run again).
     */
    Optional<Duration> readTimeout();

    /** The builder with the URL-connection HTTP client (as the extensions default to) and these settings. */
    default <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B apply(B builder) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        readTimeout().ifPresent(http::socketTimeout);
        builder.httpClientBuilder(http);
        endpointOverride().ifPresent(builder::endpointOverride);
        region().map(Region::of).ifPresent(builder::region);
        if (accessKeyId().isPresent() && secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKeyId().get(), secretAccessKey().get())));
        }
        return builder;
    }
}
