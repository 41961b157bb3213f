package org.maskrecommender.core.probes;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A model's outcome on one version of the probe set, as recorded in the manifest.
 *
 * @param version the probe set's version ({@link Probes#VERSION})
 * @param results one per probe, in the set's order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProbeReport(String version, List<ProbeResult> results) {

    public ProbeReport {
        results = List.copyOf(results);
    }

    /** True when no probe failed (skipped ones do not fail a model). */
    @JsonIgnore
    public boolean passed() {
        return results.stream().noneMatch(ProbeResult::failed);
    }

    @JsonIgnore
    public List<ProbeResult> failures() {
        return results.stream().filter(ProbeResult::failed).toList();
    }
}
