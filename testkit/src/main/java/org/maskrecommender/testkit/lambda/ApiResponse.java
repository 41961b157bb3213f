package org.maskrecommender.testkit.lambda;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** What the emulator answers to one request, before {@link LambdaHttpServer} writes it. */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    static ApiResponse json(int status, JsonNode node) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), AwsShapes.bytes(node));
    }

    static ApiResponse empty(int status) {
        return new ApiResponse(status, Map.of(), new byte[0]);
    }

    String errorType() {
        return headers.get("x-amzn-ErrorType");
    }
}
