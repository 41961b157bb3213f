package org.maskrecommender.core.probes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One probe's outcome.
 *
 * @param name   the probe ({@link Probes})
 * @param status {@code passed}, {@code failed}, or {@code skipped} (the catalogue offers nothing to check it on)
 * @param detail what was checked, or the first case that failed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProbeResult(String name, String status, String detail) {

    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    public boolean failed() {
        return FAILED.equals(status);
    }
}
