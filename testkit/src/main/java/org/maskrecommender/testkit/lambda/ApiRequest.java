package org.maskrecommender.testkit.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;

/** One HTTP request as the operations read it: method, raw path, decoded query, headers, body. */
final class ApiRequest {

    final String method;
    final String path;
    final byte[] body;
    private final Map<String, String> query = new HashMap<>();
    private final Headers headers;

    ApiRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
        this.method = method;
        this.path = rawPath;
        this.headers = headers;
        this.body = body;
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
    }

    /** A query parameter, null when absent or empty. */
    String query(String name) {
        String v = query.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    String header(String name) {
        return headers.getFirst(name);
    }

    /**
     * The body as a JSON object (empty when there is no body). A member other than {@code emulated} is refused
     * with {@link ApiError#notEmulated}: these are the members the deployer sends.
     */
    JsonNode json(String... emulated) {
        if (body.length == 0) {
            return AwsShapes.JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = AwsShapes.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "SerializationException", "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new ApiError(400, "SerializationException", "request body is not a JSON object");
        }
        List<String> known = List.of(emulated);
        for (String member : (Iterable<String>) node::fieldNames) {
            if (!known.contains(member)) {
                throw ApiError.notEmulated(member);
            }
        }
        return node;
    }

    /** A member's text, null when absent or JSON null. */
    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
