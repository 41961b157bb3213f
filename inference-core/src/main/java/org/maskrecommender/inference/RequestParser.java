package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Measurement;

/**
 * Validates a request event against the contract. Every rule failure is an
 * {@link InvalidRequestException} naming the field and the rule, quoting at most ~100 characters of what was sent;
 * nothing is ever defaulted to zero. Unknown fields are ignored (clients may send more than we read).
 */
public final class RequestParser {

    /** Most masks one request may name; the catalogue has a few hundred. */
    public static final int MAX_MASK_IDS = 1000;

    public InferenceRequest parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidRequestException("the request must be a JSON object, got "
                    + (event == null ? "nothing" : Quote.value(event)));
        }
        InferenceRequest.Method method = method(event.get("method"));
        InferenceRequest.ResponseFormat format = format(event.get("response_format"));
        if (method == InferenceRequest.Method.WARMUP) {
            return new InferenceRequest(method, null, null, null, format);
        }
        return new InferenceRequest(method, face(event.get("facial_measurements")), maskIds(event.get("mask_ids")),
                limit(event.get("limit")), format);
    }

    private static InferenceRequest.Method method(JsonNode node) {
        if (node == null || node.isNull()) {
            return InferenceRequest.Method.INFER;
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("method must be a string: \"infer\" or \"warmup\", got "
                    + Quote.value(node));
        }
        return switch (node.asText()) {
            case "infer" -> InferenceRequest.Method.INFER;
            case "warmup" -> InferenceRequest.Method.WARMUP;
            default -> throw new InvalidRequestException("method must be \"infer\" or \"warmup\", got "
                    + Quote.text(node.asText()));
        };
    }

    private static InferenceRequest.ResponseFormat format(JsonNode node) {
        if (node == null || node.isNull()) {
            return InferenceRequest.ResponseFormat.DEFAULT;
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("response_format must be a string: \"default\" or \"breathesafe\", got "
                    + Quote.value(node));
        }
        return switch (node.asText().toLowerCase(Locale.ROOT)) {
            case "default" -> InferenceRequest.ResponseFormat.DEFAULT;
            case "breathesafe" -> InferenceRequest.ResponseFormat.BREATHESAFE;
            default -> throw new InvalidRequestException("response_format must be \"default\" or \"breathesafe\", got "
                    + Quote.text(node.asText()));
        };
    }

    private static FacialMeasurements face(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("facial_measurements is required: an object with "
                    + String.join(", ", fields()));
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("facial_measurements must be an object with " + String.join(", ", fields())
                    + ", got " + Quote.value(node));
        }
        double[] v = new double[Measurement.values().length];
        for (Measurement m : Measurement.values()) {
            v[m.ordinal()] = measurement(node, m);
        }
        return new FacialMeasurements(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    private static double measurement(JsonNode face, Measurement m) {
        String field = "facial_measurements." + m.field();
        JsonNode node = face.get(m.field());
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field + " is required (" + m.rule() + ")");
        }
        if (!node.isNumber()) {
            throw new InvalidRequestException(field + " must be a JSON number, got " + Quote.value(node) + " ("
                    + m.rule() + ")");
        }
        double value = node.asDouble();
        if (!m.isPlausible(value)) {
            throw new InvalidRequestException(field + " is " + Quote.number(node) + ": " + m.rule());
        }
        return value;
    }

    private static List<Long> maskIds(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("mask_ids must be an array of integer mask ids, got "
                    + Quote.value(node));
        }
        if (node.isEmpty()) {
            throw new InvalidRequestException("mask_ids must not be empty; leave it out to score every mask");
        }
        if (node.size() > MAX_MASK_IDS) {
            throw new InvalidRequestException("mask_ids has " + node.size() + " ids; at most " + MAX_MASK_IDS + " are allowed");
        }
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        int i = 0;
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); i++) {
            JsonNode id = it.next();
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 1) {
                throw new InvalidRequestException("mask_ids[" + i + "] must be an integer mask id between 1 and "
                        + Long.MAX_VALUE + ", got " + Quote.value(id));
            }
            ids.add(id.asLong());
        }
        return new ArrayList<>(ids);
    }

    /** Any positive integer: a limit beyond the catalogue keeps every mask. */
    private static Integer limit(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.bigIntegerValue().signum() < 1) {
            throw new InvalidRequestException("limit must be a positive integer (how many of the best masks to keep), "
                    + "got " + Quote.value(node));
        }
        return node.canConvertToInt() ? node.asInt() : Integer.MAX_VALUE;
    }

    private static List<String> fields() {
        List<String> names = new ArrayList<>();
        for (Measurement m : Measurement.values()) {
            names.add(m.field());
        }
        return names;
    }
}
