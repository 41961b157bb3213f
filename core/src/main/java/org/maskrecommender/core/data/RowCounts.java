package org.maskrecommender.core.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What cleaning did to a data set: rows read, kept, and dropped by reason (every reason listed, zeros
 * included, so a report always has the same shape).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RowCounts(int read, int kept, Map<String, Integer> dropped) {

    public RowCounts {
        dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    }

    static RowCounts of(int read, int kept, EnumMap<DropReason, Integer> byReason) {
        Map<String, Integer> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason.key(), byReason.getOrDefault(reason, 0));
        }
        return new RowCounts(read, kept, dropped);
    }

    /** Total rows dropped for any reason. */
    public int droppedTotal() {
        return dropped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
