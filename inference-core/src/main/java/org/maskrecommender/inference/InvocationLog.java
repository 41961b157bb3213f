package org.maskrecommender.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The one structured log line of an invocation. It never holds facial measurements (personal data).
 *
 * @param requestId    the Lambda request id (or a local one)
 * @param method       infer, warmup, or null when the request was unreadable
 * @param modelVersion the model that answered, null when none was loaded
 * @param masksScored  masks scored
 * @param latencyMs    time from event to response (ms)
 * @param outcome      ok, invalid_request, model_unavailable or internal_error
 * @param http         whether the event came over HTTP (API Gateway / Function URL)
 * @param detail       why the model is unavailable (store location, key, hash): for the operator, never in the
 *                     answer; null otherwise
 * @param modelType    the legacy client's {@code model_type}, accepted and ignored (at most 40 characters); null when
 *                     not sent
 * @param applyEmpiricalCap the legacy client's {@code apply_empirical_cap}, accepted and ignored; null when not sent
 * @param beardLengthDefaulted true when a legacy-format request had no beard length and 0 was read for it (count
 *                     these lines to see how many callers still send none); null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvocationLog(String requestId, String method, String modelVersion, int masksScored, double latencyMs,
                            String outcome, boolean http, String detail, String modelType, String applyEmpiricalCap,
                            Boolean beardLengthDefaulted) {
}
