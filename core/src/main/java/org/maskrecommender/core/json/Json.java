package org.maskrecommender.core.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON settings every artifact and command output shares: ISO-8601 instants, unknown fields
 * ignored (newer writers may add fields), nothing else clever. Field names are snake_case through
 * {@code @JsonNaming} on the records themselves, so any mapper (Quarkus's too) writes the same JSON.
 */
public final class Json {

    private Json() {
    }

    /** A new mapper with the project's settings; create one per service and reuse it. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
