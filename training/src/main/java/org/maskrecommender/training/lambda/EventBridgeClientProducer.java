package org.maskrecommender.training.lambda;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The training function's EventBridge client, once per container, from {@code mask-recommender.eventbridge-client.*}
 * and the SDK's defaults; built only when something asks for it (an event bus is configured).
 */
final class EventBridgeClientProducer {

    @Produces
    @Singleton
    EventBridgeClient eventBridge(TrainingConfig config) {
        return config.eventbridgeClient().apply(EventBridgeClient.builder()).build();
    }

    void close(@Disposes EventBridgeClient client) {
        client.close();
    }
}
