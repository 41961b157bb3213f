package org.maskrecommender.deployer;

import java.util.Map;

import jakarta.inject.Named;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * Placeholder for the deployer function (issue "Deployer Lambda"): it exists so the module builds
 * and packages like the others, and answers every event with a clear "not implemented yet" error.
 */
@Named("deployer")
public class DeployerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("error", Map.of("code", "not_implemented",
                "message", "the deployer is not implemented yet; see the deployer issue"));
    }
}
