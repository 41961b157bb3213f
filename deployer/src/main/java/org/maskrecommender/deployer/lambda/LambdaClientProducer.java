package org.maskrecommender.deployer.lambda;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import software.amazon.awssdk.services.lambda.LambdaClient;

/** The deployer's Lambda client, once per container, from {@code deployer.lambda-client.*} and the SDK's defaults. */
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
