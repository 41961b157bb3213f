package org.maskrecommender.deployer;

import java.util.Map;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

import org.maskrecommender.core.aws.AwsEnvironment;

/**
 * The deployer's Lambda client from the standard AWS variables ({@link AwsEnvironment}), so the same
 * code reaches AWS or the local emulator ({@code AWS_ENDPOINT_URL_LAMBDA}).
 */
public final class LambdaClients {

    private LambdaClients() {
    }

    public static LambdaClient fromEnvironment(Map<String, String> env) {
        var builder = LambdaClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(AwsEnvironment.region(env))
                .credentialsProvider(AwsEnvironment.credentials(env));
        AwsEnvironment.endpoint(env, "LAMBDA").ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
