package org.maskrecommender.inference;

import java.util.Map;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * Placeholder for the inference function (issue "Inference Lambda"): it exists so the module builds
 * and packages like the others, and answers every event with a clear "not implemented yet" error.
 */
@Named("inference")
public class InferenceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("error", Map.of("code", "not_implemented",
                "message", "inference is not implemented yet; see the inference issue"));
    }
}
