package org.maskrecommender.deployer.trigger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The HTTP view of a Lambda event from API Gateway (REST API "v1": {@code headers} +
 * {@code multiValueHeaders}; HTTP API "v2") or a Function URL (v2 shape, lower-case header names): header
 * look-up by case-insensitive name, and the raw body bytes.
 */
public final class HttpEvent {

    private final JsonNode event;

    private HttpEvent(JsonNode event) {
        this.event = event;
    }

    /**
     * True for the events API Gateway and Function URLs deliver: an object with {@code requestContext},
     * {@code httpMethod}, {@code routeKey} or {@code rawPath}, or with both {@code headers} and {@code body}.
     */
    public static boolean isHttpEvent(JsonNode event) {
        if (event == null || !event.isObject()) {
            return false;
        }
        return event.has("requestContext") || event.has("httpMethod") || event.has("routeKey") || event.has("rawPath")
                || (event.has("headers") && event.has("body"));
    }

    /** Wraps an event; see {@link #isHttpEvent}. */
    public static HttpEvent of(JsonNode event) {
        if (!isHttpEvent(event)) {
            throw new IllegalArgumentException("not an API Gateway / Function URL event");
        }
        return new HttpEvent(event);
    }

    /**
     * Every distinct value of a header, matching its name case-insensitively across {@code headers} and
     * {@code multiValueHeaders}. Empty when absent.
     */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        JsonNode headers = event.get("headers");
        if (headers != null && headers.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                if (header.getKey().equalsIgnoreCase(name)) {
                    add(values, header.getValue());
                }
            }
        }
        JsonNode multi = event.get("multiValueHeaders");
        if (multi != null && multi.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = multi.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                if (header.getKey().equalsIgnoreCase(name)) {
                    if (header.getValue().isArray()) {
                        header.getValue().forEach(v -> add(values, v));
                    } else {
                        add(values, header.getValue());
                    }
                }
            }
        }
        return values;
    }

    /**
     * The header's value when it has exactly one distinct value, else null (absent, or ambiguous: several
     * different values under case variants of the name).
     */
    public String header(String name) {
        List<String> values = headerValues(name);
        return values.size() == 1 ? values.get(0) : null;
    }

    /**
     * The exact body bytes as the client sent them: base64-decoded when {@code isBase64Encoded} is true, else
     * the body string's UTF-8 bytes (API Gateway and Function URLs pass text bodies through unchanged). An
     * absent or null body is empty.
     *
     * @throws IllegalArgumentException when the body is marked base64 but is not valid base64, or is not a string
     */
    public byte[] rawBody() {
        JsonNode body = event.get("body");
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        if (!body.isTextual()) {
            throw new IllegalArgumentException("the HTTP body is not a string");
        }
        if (isBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the HTTP body is marked isBase64Encoded but is not valid base64");
            }
        }
        return body.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code isBase64Encoded} (boolean, or the string "true"). */
    public boolean isBase64Encoded() {
        JsonNode flag = event.get("isBase64Encoded");
        return flag != null && flag.asBoolean(false);
    }

    private static void add(List<String> values, JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            return;
        }
        String text = value.asText();
        if (!values.contains(text)) {
            values.add(text);
        }
    }
}
