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
 * {@link InvalidRequestException} naming the field and the rule; nothing is ever defaulted to zero.
 * Unknown fields are ignored (clients may send more than we read).
 */
public final class RequestParser {

    /** Most masks one request may name; the catalogue has a few hundred. */
    public static final int MAX_MASK_IDS = 1000;

    public InferenceRequest parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidRequestException("the request must be a JSON object");
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
            throw new InvalidRequestException("method must be a string: \"infer\" or \"warmup\"");
        }
        return switch (node.asText()) {
            case "infer" -> InferenceRequest.Method.INFER;
            case "warmup" -> InferenceRequest.Method.WARMUP;
            default -> throw new InvalidRequestException("method must be \"infer\" or \"warmup\", got \""
                    + node.asText() + "\"");
        };
    }

    private static InferenceRequest.ResponseFormat format(JsonNode node) {
        if (node == null || node.isNull()) {
            return InferenceRequest.ResponseFormat.DEFAULT;
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException("response_format must be a string: \"default\" or \"breathesafe\"");
        }
        return switch (node.asText().toLowerCase(Locale.ROOT)) {
            case "default" -> InferenceRequest.ResponseFormat.DEFAULT;
            case "breathesafe" -> InferenceRequest.ResponseFormat.BREATHESAFE;
            default -> throw new InvalidRequestException("response_format must be \"default\" or \"breathesafe\", got \""
                    + node.asText() + "\"");
        };
    }

    private static FacialMeasurements face(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException("facial_measurements is required: an object with "
                    + String.join(", ", fields()));
        }
        if (!node.isObject()) {
            throw new InvalidRequestException("facial_measurements must be an object with " + String.join(", ", fields()));
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
            throw new InvalidRequestException(field + " must be a JSON number, got " + describe(node));
        }
        double value = node.asDouble();
        if (!m.isPlausible(value)) {
            throw new InvalidRequestException(field + " is " + node.asText() + ": " + m.rule());
        }
        return value;
    }

    private static List<Long> maskIds(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("mask_ids must be an array of mask ids, got " + describe(node));
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
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new InvalidRequestException("mask_ids[" + i + "] must be an integer mask id, got " + describe(id));
            }
            ids.add(id.asLong());
        }
        return new ArrayList<>(ids);
    }

    private static Integer limit(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidRequestException("limit must be a positive integer, got " + describe(node));
        }
        if (node.asInt() < 1) {
            throw new InvalidRequestException("limit must be a positive integer, got " + node.asInt());
        }
        return node.asInt();
    }

    private static List<String> fields() {
        List<String> names = new ArrayList<>();
        for (Measurement m : Measurement.values()) {
            names.add(m.field());
        }
        return names;
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
}
