package org.maskrecommender.inference;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.store.Manifest;

/**
 * The model block of every response: which model answered and how good it was on held-out users.
 *
 * @param version     model version
 * @param environment its environment
 * @param trainedAt   when it was published
 * @param metrics     headline held-out metrics (roc_auc, pr_auc, log_loss, brier, expected_calibration_error)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelInfo(String version, Environment environment, Instant trainedAt, Map<String, Double> metrics) {

    private static final String[] HEADLINE = {"roc_auc", "pr_auc", "log_loss", "brier", "expected_calibration_error"};

    public static ModelInfo of(Manifest manifest) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonNode m = manifest.metrics();
        for (String key : HEADLINE) {
            if (m != null && m.path(key).isNumber()) {
                metrics.put(key, m.path(key).asDouble());
            }
        }
        return new ModelInfo(manifest.version(), manifest.environment(), manifest.createdAt(), metrics);
    }
}
