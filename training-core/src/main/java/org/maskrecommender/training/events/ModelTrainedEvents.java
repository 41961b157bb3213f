package org.maskrecommender.training.events;

/**
 * Announces a promoted model, so the deployer releases it: EventBridge in AWS ({@link EventBridgeEvents}),
 * nothing on a laptop ({@link #NONE}).
 */
@FunctionalInterface
public interface ModelTrainedEvents {

    /** EventBridge {@code source} of the event. */
    String SOURCE = "mask-recommender.training";
    /** EventBridge {@code detail-type} of the event. */
    String DETAIL_TYPE = "Model Trained";

    /** Does not announce anything. */
    ModelTrainedEvents NONE = (environment, modelVersion, trigger) -> "not sent (no event bus configured)";

    /**
     * @return a short description of what happened (e.g. the event id), for the result and the logs
     * @throws RuntimeException when the event could not be put
     */
    String modelTrained(String environment, String modelVersion, String trigger);
}
