package org.maskrecommender.training.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Puts the Model Trained event on an EventBridge bus through the AWS SDK (endpoint overridable). */
public final class EventBridgeEvents implements ModelTrainedEvents {

    private final EventBridgeClient events;
    private final String busName;
    private final ObjectMapper mapper;

    /**
     * @param events  the EventBridge client
     * @param busName the bus, usually {@code default}
     * @param mapper  JSON mapper for the detail
     */
    public EventBridgeEvents(EventBridgeClient events, String busName, ObjectMapper mapper) {
        this.events = events;
        this.busName = busName;
        this.mapper = mapper;
    }

    @Override
    public String modelTrained(String environment, String modelVersion, String trigger) {
        String detail = mapper.createObjectNode().put("environment", environment).put("model_version", modelVersion)
                .put("trigger", trigger).toString();
        PutEventsResponse response = events.putEvents(b -> b.entries(e -> e.source(SOURCE).detailType(DETAIL_TYPE)
                .detail(detail).eventBusName(busName)));
        PutEventsResultEntry entry = response.entries().get(0);
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused the Model Trained event: " + entry.errorCode() + " "
                    + entry.errorMessage());
        }
        return "sent as event " + entry.eventId();
    }
}
