package org.maskrecommender.deployer.lambda;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The deployer's Lambda client, once per container, from {@code deployer.lambda-client.*} (its read timeout above
 * the longest a function may run, see application.properties) and the SDK's defaults. The SDK's retries stay on for
 * the control-plane calls; each Invoke turns them off for itself ({@code LambdaOperations.invoke}).
 */
final class LambdaClientProducer {

    @Produces
    @Singleton
    LambdaClient lambda(DeployerConfig config) {
        return config.lambdaClient().apply(LambdaClient.builder()).build();
    }

    void close(@Disposes LambdaClient client) {
        client.close();
    }
}
