package org.maskrecommender.training.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import org.maskrecommender.core.events.ModelTrainedEvent;

/** Puts the Model Trained event on an EventBridge bus through the AWS SDK. */
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
    public String modelTrained(ModelTrainedEvent event) {
        PutEventsResponse response = events.putEvents(b -> b.entries(e -> e.source(ModelTrainedEvent.SOURCE)
                .detailType(ModelTrainedEvent.DETAIL_TYPE).detail(event.detailJson(mapper)).eventBusName(busName)));
        PutEventsResultEntry entry = response.entries().get(0);
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused the Model Trained event: " + entry.errorCode() + " "
                    + entry.errorMessage());
        }
        return "sent as event " + entry.eventId();
    }
}
