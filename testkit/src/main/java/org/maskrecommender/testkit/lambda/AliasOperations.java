package org.maskrecommender.testkit.lambda;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * CreateAlias, GetAlias and UpdateAlias, with Lambda's rules for an alias's target: an existing version or
 * {@code $LATEST}, at most one additional version with a weight in 0–1, never {@code $LATEST} in a routing.
 */
final class AliasOperations {

    private static final Pattern VERSION_NUMBER = Pattern.compile("[1-9][0-9]*");
    private static final Pattern ALIAS_NAME = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}");

    private final EmulatorState state;

    AliasOperations(EmulatorState state) {
        this.state = state;
    }

    ApiResponse createAlias(Route route, JsonNode body) {
        synchronized (state) {
            EmulatedFunction fn = state.existing(route.functionName());
            String name = ApiRequest.text(body, "Name");
            if (name == null || !ALIAS_NAME.matcher(name).matches() || EmulatedFunction.LATEST.equals(name)) {
                throw new ApiError(400, "ValidationException", "1 validation error detected: Value '" + name
                        + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                        + "(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
            }
            String version = ApiRequest.text(body, "FunctionVersion");
            Map<String, Double> weights = weights(body);
            if (weights == null) {
                weights = Map.of();
            }
            checkTarget(fn, version, weights);
            if (fn.aliases.containsKey(name)) {
                throw new ApiError(409, "ResourceConflictException", "Alias already exists: " + fn.arn(name));
            }
            EmulatedFunction.Alias alias = new EmulatedFunction.Alias(name, version,
                    body.path("Description").asText(""), weights, EmulatedFunction.newRevisionId());
            fn.aliases.put(name, alias);
            return ApiResponse.json(201, AwsShapes.alias(fn, alias));
        }
    }

    ApiResponse getAlias(Route route) {
        synchronized (state) {
            EmulatedFunction fn = state.existing(route.functionName());
            return ApiResponse.json(200, AwsShapes.alias(fn, existing(fn, route.child())));
        }
    }

    /** UpdateAlias: absent members keep their value; an absent RoutingConfig keeps the routing, an empty one ends it. */
    ApiResponse updateAlias(Route route, JsonNode body) {
        synchronized (state) {
            EmulatedFunction fn = state.existing(route.functionName());
            EmulatedFunction.Alias current = existing(fn, route.child());
            FunctionOperations.checkRevision(body, current.revisionId());
            String version = body.hasNonNull("FunctionVersion") ? body.get("FunctionVersion").asText()
                    : current.functionVersion();
            Map<String, Double> weights = weights(body);
            if (weights == null) {
                weights = current.weights();
            }
            String description = body.has("Description") ? body.get("Description").asText("") : current.description();
            checkTarget(fn, version, weights);
            EmulatedFunction.Alias alias = new EmulatedFunction.Alias(current.name(), version, description, weights,
                    EmulatedFunction.newRevisionId());
            fn.aliases.put(alias.name(), alias);
            return ApiResponse.json(200, AwsShapes.alias(fn, alias));
        }
    }

    private static EmulatedFunction.Alias existing(EmulatedFunction fn, String name) {
        EmulatedFunction.Alias alias = fn.aliases.get(name);
        if (alias == null) {
            throw ApiError.notFound("Alias not found: " + fn.arn(name));
        }
        return alias;
    }

    /** Null when the body has no RoutingConfig; empty when it removes the routing. */
    private static Map<String, Double> weights(JsonNode body) {
        if (!body.has("RoutingConfig")) {
            return null;
        }
        Map<String, Double> weights = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : body.path("RoutingConfig").path("AdditionalVersionWeights").properties()) {
            weights.put(e.getKey(), e.getValue().asDouble());
        }
        return weights;
    }

    private static void checkTarget(EmulatedFunction fn, String version, Map<String, Double> weights) {
        boolean latest = EmulatedFunction.LATEST.equals(version);
        if (version == null || !(latest || VERSION_NUMBER.matcher(version).matches())) {
            throw new ApiError(400, "ValidationException", "1 validation error detected: Value '" + version
                    + "' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: (\\$LATEST|[0-9]+)");
        }
        if (!latest && fn.version(version) == null) {
            throw ApiError.functionNotFound(fn, version);
        }
        if (weights.size() > 1) {
            throw ApiError.invalidParameter("Number of items in AdditionalVersionWeights must be less than or equal to 1");
        }
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            double w = e.getValue();
            if (!(w >= 0.0 && w <= 1.0)) {
                throw new ApiError(400, "ValidationException", "1 validation error detected: Value '" + w
                        + "' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value "
                        + "must satisfy constraint: [Member must have value less than or equal to 1.0, Member must "
                        + "have value greater than or equal to 0.0]");
            }
            if (latest || EmulatedFunction.LATEST.equals(e.getKey())) {
                throw ApiError.invalidParameter("$LATEST is not supported for an alias pointing to more than 1 version");
            }
            if (!VERSION_NUMBER.matcher(e.getKey()).matches()) {
                throw ApiError.invalidParameter("Invalid version in AdditionalVersionWeights: " + e.getKey());
            }
            if (e.getKey().equals(version)) {
                throw ApiError.invalidParameter("Invalid function version " + version + ". Function version " + version
                        + " is already included in routing configuration.");
            }
            if (fn.version(e.getKey()) == null) {
                throw ApiError.functionNotFound(fn, e.getKey());
            }
        }
    }
}
