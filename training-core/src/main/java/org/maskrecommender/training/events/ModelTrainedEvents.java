package org.maskrecommender.training.events;

import org.maskrecommender.core.events.ModelTrainedEvent;

/**
 * Announces a promoted model, so the deployer releases it: EventBridge in AWS ({@link EventBridgeEvents}),
 * nothing on a laptop ({@link #NONE}).
 */
@FunctionalInterface
public interface ModelTrainedEvents {

    /** Does not announce anything. */
    ModelTrainedEvents NONE = event -> "not sent (no event bus configured)";

    /**
     * @return a short description of what happened (e.g. the event id), for the result and the logs
     * @throws RuntimeException when the event could not be put
     */
    String modelTrained(ModelTrainedEvent event);
}
