package org.maskrecommender.testkit.lambda;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/**
 * Builds AWS SDK clients for a {@link LambdaEmulator}. Kept out of {@code LambdaEmulator} so that class
 * loads and runs without the (optional) AWS SDK Lambda module on the class path.
 */
final class LambdaEmulatorClients {

    private LambdaEmulatorClients() {
    }

    static LambdaClientBuilder builder(LambdaEmulator emulator) {
        return LambdaClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(LambdaEmulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LambdaEmulator.ACCESS_KEY, LambdaEmulator.SECRET_KEY)))
                // explicit: several HTTP clients can be on a test class path, and the SDK refuses to guess
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
