package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Measurement;
import org.maskrecommender.core.environment.Environment;

/**
 * Validates a request event against the contract. Every rule failure is an
 * {@link InvalidRequestException} naming the field and the rule, quoting at most ~100 characters of what was sent;
 * nothing is ever defaulted to zero, with one exception kept for the Breathesafe app: in the legacy response format a
 * missing beard length reads as 0, as the function that app was written against did. Unknown fields are ignored
 * (clients may send more than we read); the app's {@code model_type} and {@code apply_empirical_cap} are accepted
 * whatever they hold and only logged. Style and strap names are checked against the model's catalogue later, when
 * the model is loaded ({@link MaskFilter}).
 */
public final class RequestParser {

    /** Most masks one request may name; the catalogue has a few hundred. */
    public static final int MAX_MASK_IDS = 1000;
    /** Most masks one request may exclude: every mask a person could have tested. */
    public static final int MAX_EXCLUDED_MASK_IDS = 1000;
    /** Most names in {@code styles} or {@code strap_types}; a catalogue has about ten of each. */
    public static final int MAX_FILTER_NAMES = 100;
    /** Characters of an ignored field's value kept for the log line. */
    private static final int LOGGED_CHARACTERS = 40;

    private final InferenceRequest.ResponseFormat defaultFormat;

    /** Answers in the documented format unless a request asks for another. */
    public RequestParser() {
        this(InferenceRequest.ResponseFormat.DEFAULT);
    }

    /** @param defaultFormat the format of a request without {@code response_format} (the function's setting) */
    public RequestParser(InferenceRequest.ResponseFormat defaultFormat) {
        this.defaultFormat = defaultFormat;
    }

    public InferenceRequest parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidRequestException("the request must be a JSON object, got "
                    + (event == null ? "nothing" : Quote.value(event)));
        }
        InferenceRequest.Method method = method(event.get("method"));
        InferenceRequest.ResponseFormat format = format(event.get("response_format"));
        if (method == InferenceRequest.Method.WARMUP) {
            return new InferenceRequest(method, null, null, null, format, null, compatibility(event, false));
        }
        boolean[] beardDefaulted = new boolean[1];
        FacialMeasurements face = face(event.get("facial_measurements"),
                format == InferenceRequest.ResponseFormat.BREATHESAFE, beardDefaulted);
        List<Long> maskIds = maskIds(event.get("mask_ids"));
        Integer limit = limit(event.get("limit"));
        InferenceRequest.Filters filters = new InferenceRequest.Filters(
                names(event.get("styles"), "styles", "style"),
                names(event.get("strap_types"), "strap_types", "strap type"),
                excluded(event.get("exclude_mask_ids")));
        return new InferenceRequest(method, face, maskIds, limit, format, filters,
                compatibility(event, beardDefaulted[0]));
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
            // the app's client also sends "train" to the function it calls; training is another function here
            case "train" -> throw new InvalidRequestException("method \"train\" is not served by the inference "
                    + "function: training runs in the training function (" + trainingFunctions() + "), on its weekly "
                    + "schedule, for a release tag, or when invoked by hand; see docs/operations.md");
            default -> throw new InvalidRequestException("method must be \"infer\" or \"warmup\", got "
                    + Quote.text(node.asText()));
        };
    }

    private InferenceRequest.ResponseFormat format(JsonNode node) {
        if (node == null || node.isNull()) {
            return defaultFormat;
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

    /**
     * @param legacy         whether the answer is in the legacy format, where a missing beard length reads as 0
     * @param beardDefaulted set to true when that happened
     */
    private static FacialMeasurements face(JsonNode node, boolean legacy, boolean[] beardDefaulted) {
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
            JsonNode given = node.get(m.field());
            if (legacy && m == Measurement.BEARD && (given == null || given.isNull())) {
                beardDefaulted[0] = true; // what the original function did: facial_features.get(..., 0) or 0
                v[m.ordinal()] = 0;
            } else {
                v[m.ordinal()] = measurement(node, m);
            }
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
        return ids(node, "mask_ids");
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

    /**
     * A list of category names (styles, strap types) as sent, so that a message about one names its index in the
     * request; null when absent. Each name is checked later, against the model's catalogue.
     */
    private static List<String> names(JsonNode node, String field, String what) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new InvalidRequestException(field + " must be an array of " + what + " names (strings), got "
                    + Quote.value(node));
        }
        if (node.isEmpty()) {
            throw new InvalidRequestException(field + " must not be empty; leave it out to keep every " + what);
        }
        if (node.size() > MAX_FILTER_NAMES) {
            throw new InvalidRequestException(field + " has " + node.size() + " names; at most " + MAX_FILTER_NAMES
                    + " are allowed");
        }
        List<String> names = new ArrayList<>(node.size());
        int i = 0;
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); i++) {
            JsonNode name = it.next();
            if (!name.isTextual() || name.textValue().isBlank()) {
                throw new InvalidRequestException(field + "[" + i + "] must be a " + what + " name (a non-empty "
                        + "string), got " + Quote.value(name));
            }
            names.add(name.textValue());
        }
        return names;
    }

    /** Mask ids never to return; an empty list is allowed (a person who has tested nothing yet). */
    private static Set<Long> excluded(JsonNode node) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            throw new InvalidRequestException("exclude_mask_ids must be an array of integer mask ids, got "
                    + Quote.value(node));
        }
        if (node.size() > MAX_EXCLUDED_MASK_IDS) {
            throw new InvalidRequestException("exclude_mask_ids has " + node.size() + " ids; at most "
                    + MAX_EXCLUDED_MASK_IDS + " are allowed");
        }
        return new LinkedHashSet<>(ids(node, "exclude_mask_ids"));
    }

    private static List<Long> ids(JsonNode node, String field) {
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        int i = 0;
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); i++) {
            JsonNode id = it.next();
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 1) {
                throw new InvalidRequestException(field + "[" + i + "] must be an integer mask id between 1 and "
                        + Long.MAX_VALUE + ", got " + Quote.value(id));
            }
            ids.add(id.asLong());
        }
        return new ArrayList<>(ids);
    }

    /** The legacy client's fields that change nothing here, kept short for the log line. */
    private static InferenceRequest.Compatibility compatibility(JsonNode event, boolean beardDefaulted) {
        return new InferenceRequest.Compatibility(logged(event.get("model_type")),
                logged(event.get("apply_empirical_cap")), beardDefaulted);
    }

    private static String logged(JsonNode node) {
        if (node == null) {
            return null;
        }
        String s = node.isTextual() ? node.textValue() : node.toString();
        s = s.length() <= LOGGED_CHARACTERS ? s : s.substring(0, LOGGED_CHARACTERS) + "…";
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    private static String trainingFunctions() {
        List<String> names = new ArrayList<>();
        for (Environment e : Environment.values()) {
            names.add(e.trainingFunction() + " for " + e.id());
        }
        return String.join(", ", names);
    }

    private static List<String> fields() {
        List<String> names = new ArrayList<>();
        for (Measurement m : Measurement.values()) {
            names.add(m.field());
        }
        return names;
    }
}
