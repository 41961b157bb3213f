package org.maskrecommender.testkit.lambda;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as Lambda answers it: an HTTP status, {@code x-amzn-ErrorType}, and a body
 * {@code {"Type": "User"|"Service", "message": …}} (plus e.g. {@code Reason}). Thrown by the operations, turned
 * into the response by {@link LambdaHttpServer}.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    private final Map<String, String> extra = new LinkedHashMap<>();

    ApiError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static ApiError invalidParameter(String message) {
        return new ApiError(400, "InvalidParameterValueException", message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "ResourceNotFoundException", message);
    }

    static ApiError functionNotFound(EmulatedFunction fn, String qualifier) {
        return notFound("Function not found: " + fn.arn(qualifier));
    }

    static ApiError unknownOperation(ApiRequest request) {
        return new ApiError(404, "UnknownOperationException",
                "Unknown operation: " + request.method + " " + request.path);
    }

    /** What the deployer never sends is refused, not emulated (see {@link LambdaEmulator}). */
    static ApiError notEmulated(String what) {
        return invalidParameter("LambdaEmulator does not emulate " + what + ": the deployer does not send it");
    }

    /**
     * A bug of the emulator itself (an exception no operation meant to throw): 500 ServiceException, with the
     * exception and where it was thrown in the message so the failing test's output points at it.
     */
    static ApiError internal(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return new ApiError(500, "ServiceException", "LambdaEmulator failed: " + e
                + (trace.length == 0 ? "" : " (at " + trace[0] + ")"));
    }

    ApiError with(String field, String value) {
        extra.put(field, value);
        return this;
    }

    ApiResponse toResponse() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-ErrorType", type);
        return new ApiResponse(status, headers, AwsShapes.bytes(AwsShapes.error(status >= 500, getMessage(), extra)));
    }
}
