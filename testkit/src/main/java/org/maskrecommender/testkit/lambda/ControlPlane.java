package org.maskrecommender.testkit.lambda;

import java.net.URI;

/**
 * Hands a routed, signed request to the operation it names, after the throttling a test injected: the
 * {@link LambdaHttpServer.Backend} of a {@link LambdaEmulator}.
 */
final class ControlPlane implements LambdaHttpServer.Backend {

    private final EmulatorState state;
    private final FunctionOperations functions;
    private final AliasOperations aliases;
    private final InvokeOperation invoke;

    ControlPlane(EmulatorState state, URI endpoint) {
        this.state = state;
        this.functions = new FunctionOperations(state, endpoint);
        this.aliases = new AliasOperations(state);
        this.invoke = new InvokeOperation(state);
    }

    @Override
    public ApiResponse call(Route route, ApiRequest request) {
        if (route.functionName() == null) {
            throw ApiError.unknownOperation(request);
        }
        synchronized (state) {
            EmulatedFunction fn = state.functions.get(route.functionName());
            if (fn != null && fn.throttleNext > 0) {
                fn.throttleNext--;
                throw new ApiError(429, "TooManyRequestsException", "Rate exceeded")
                        .with("Reason", "CallerRateLimitExceeded");
            }
        }
        return switch (route.operation()) {
            case "GetFunction" -> functions.getFunction(route, true);
            case "GetFunctionConfiguration" -> functions.getFunction(route, false);
            case "UpdateFunctionCode" -> functions.updateFunctionCode(route,
                    request.json("ZipFile", "S3Bucket", "S3Key", "S3ObjectVersion", "RevisionId"));
            case "UpdateFunctionConfiguration" -> functions.updateFunctionConfiguration(route,
                    request.json("Environment", "RevisionId"));
            case "PublishVersion" -> functions.publishVersion(route,
                    request.json("CodeSha256", "RevisionId", "Description"));
            case "CreateAlias" -> aliases.createAlias(route,
                    request.json("Name", "FunctionVersion", "Description", "RoutingConfig"));
            case "GetAlias" -> aliases.getAlias(route);
            case "UpdateAlias" -> aliases.updateAlias(route,
                    request.json("FunctionVersion", "Description", "RoutingConfig", "RevisionId"));
            case "Invoke" -> invoke.invoke(route, request);
            default -> throw ApiError.unknownOperation(request);
        };
    }

    @Override
    public ApiResponse codePackage(String location) {
        return functions.codePackage(location);
    }
}
