package org.maskrecommender.testkit.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Invoke (RequestResponse): resolves the qualifier to a version (an alias's weighted routing drawn from the
 * emulator's dice), hands the payload to the function's {@link Invoker} outside the lock, and answers as Lambda
 * does, an exception becoming an {@code Unhandled} function error. Every invoke that reaches the invoker is recorded.
 */
final class InvokeOperation {

    private final EmulatorState state;

    InvokeOperation(EmulatorState state) {
        this.state = state;
    }

    ApiResponse invoke(Route route, ApiRequest request) {
        String type = request.header("X-Amz-Invocation-Type");
        if (type != null && !"RequestResponse".equals(type)) {
            throw ApiError.notEmulated("X-Amz-Invocation-Type " + type);
        }
        String logType = request.header("X-Amz-Log-Type");
        if (logType != null && !"None".equals(logType)) {
            throw ApiError.notEmulated("X-Amz-Log-Type " + logType);
        }
        if (request.body.length > 0) {
            try {
                AwsShapes.JSON.readTree(request.body);
            } catch (JsonProcessingException e) {
                throw new ApiError(400, "InvalidRequestContentException", "Could not parse request body into json: "
                        + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String qualifier = route.qualifier();
        FunctionVersionView view;
        Invoker invoker;
        synchronized (state) {
            EmulatedFunction fn = state.existing(route.functionName());
            String target = resolve(fn, qualifier == null ? EmulatedFunction.LATEST : qualifier);
            if (EmulatedFunction.LATEST.equals(target)) {
                view = fn.latestView();
            } else {
                EmulatedFunction.Version v = fn.version(target);
                if (v == null) {
                    throw ApiError.functionNotFound(fn, qualifier);
                }
                view = fn.view(v);
            }
            invoker = fn.invoker;
        }
        byte[] result;
        String functionError = null;
        try {
            if (invoker == null) {
                throw new IllegalStateException("LambdaEmulator has no Invoker for " + view.functionName()
                        + ": call setInvoker(...)");
            }
            result = invoker.invoke(view, request.body.clone());
            if (result == null) {
                result = "null".getBytes(StandardCharsets.UTF_8);
            }
        } catch (Exception e) {
            functionError = "Unhandled";
            result = AwsShapes.unhandledError(e);
        }
        synchronized (state) {
            state.invocations.add(new RecordedInvoke(view.functionName(), qualifier, view.version(),
                    request.body.clone(), result.clone(), functionError));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Executed-Version", view.version());
        if (functionError != null) {
            headers.put("X-Amz-Function-Error", functionError);
        }
        headers.put("Content-Type", "application/json");
        return new ApiResponse(200, headers, result);
    }

    /** The version a qualifier runs: an alias's version, or one of its additional versions by weight. */
    private String resolve(EmulatedFunction fn, String qualifier) {
        EmulatedFunction.Alias alias = fn.aliases.get(qualifier);
        if (alias == null) {
            return qualifier;
        }
        if (!alias.weights().isEmpty()) {
            double r = state.routing.nextDouble();
            double cumulative = 0;
            for (Map.Entry<String, Double> e : alias.weights().entrySet()) {
                cumulative += e.getValue();
                if (r < cumulative) {
                    return e.getKey();
                }
            }
        }
        return alias.functionVersion();
    }
}
