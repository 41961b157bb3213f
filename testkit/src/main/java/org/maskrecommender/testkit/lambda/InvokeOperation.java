package org.maskrecommender.testkit.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        boolean starts;
        boolean serviceError;
        FunctionSettings settings;
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
                EmulatedFunction.VersionState vs = fn.state(v.number());
                if (vs != null && !EmulatedFunction.ACTIVE.equals(vs.state)) {
                    // what Lambda answers while a SnapStart version is Pending (or after it Failed)
                    throw new ApiError(409, "ResourceConflictException", "The operation cannot be performed at this "
                            + "time. The function is currently in the following state: " + vs.state);
                }
                view = fn.view(v);
            }
            invoker = fn.invoker;
            settings = fn.settings;
            starts = fn.settings.starts(fn.kind(view.codeSha256()));
            serviceError = starts && fn.serviceErrorAfterNextInvokes > 0;
            if (serviceError) {
                fn.serviceErrorAfterNextInvokes--;
            }
        }
        byte[] result;
        String functionError = null;
        try {
            if (!starts) {
                throw new InvalidEntrypoint(settings);
            }
            if (invoker == null) {
                throw new IllegalStateException("LambdaEmulator has no Invoker for " + view.functionName()
                        + ": call setInvoker(...)");
            }
            result = invoker.invoke(view, request.body.clone());
            if (result == null) {
                result = "null".getBytes(StandardCharsets.UTF_8);
            }
        } catch (InvalidEntrypoint e) {
            functionError = "Unhandled";
            result = e.body();
        } catch (Exception e) {
            functionError = "Unhandled";
            result = AwsShapes.unhandledError(e);
        }
        synchronized (state) {
            state.invocations.add(new RecordedInvoke(view.functionName(), qualifier, view.version(),
                    request.body.clone(), result.clone(), functionError));
        }
        if (serviceError) {
            // The function ran; the caller only learns that something failed, as when Lambda's answer is lost.
            throw new ApiError(500, "ServiceException", "The AWS Lambda service encountered an internal error.");
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

    /**
     * What the runtime reports when the package cannot start there: a {@code provided.*} runtime without a
     * {@code bootstrap} at the zip's root, or a Java runtime whose handler class is not in the (native) package.
     */
    private static final class InvalidEntrypoint extends Exception {

        private static final long serialVersionUID = 1L;

        private final String type;

        InvalidEntrypoint(FunctionSettings settings) {
            super(settings.runtime().startsWith("provided")
                    ? "RequestId: " + UUID.randomUUID() + " Error: Couldn't find valid bootstrap(s): "
                            + "[/var/task/bootstrap /opt/bootstrap]"
                    : "Class not found: " + settings.handler().replaceFirst("::.*", ""), null, false, false);
            this.type = settings.runtime().startsWith("provided") ? "Runtime.InvalidEntrypoint"
                    : "java.lang.ClassNotFoundException";
        }

        byte[] body() {
            ObjectNode error = AwsShapes.JSON.createObjectNode();
            error.put("errorType", type);
            error.put("errorMessage", getMessage());
            return AwsShapes.bytes(error);
        }
    }
}
