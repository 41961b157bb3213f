package org.maskrecommender.deployer.release;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.probes.ProbeScorer;

/**
 * The probe set's view of a deployed function version: each face is one inference request naming the masks in
 * {@code mask_ids} (the documented API, as any caller sends it), and P(pass) is the answer's {@code proba_fit}.
 * So the probes check what the version actually serves — its code, its pinned model, its runtime — not a copy of
 * the model in the deployer. Answers are remembered per face: the probe set asks for some (face, mask) pairs more
 * than once (the child probe's face is also the beard probe's first), and each request is a billed invocation.
 */
final class LambdaProbeScorer implements ProbeScorer {

    /** The API's limit on {@code mask_ids} (docs/api.md): a larger list is asked in several requests. */
    static final int MAX_MASK_IDS_PER_REQUEST = 1000;

    /** One inference request to the version under test; its parsed answer, or a {@link ReleaseException}. */
    @FunctionalInterface
    interface Invoke {
        JsonNode answer(byte[] request);
    }

    private final Invoke invoke;
    private final ObjectMapper mapper;
    private final String where;
    private final Map<FacialMeasurements, Map<Long, Double>> known = new HashMap<>();
    private int requests;

    /**
     * @param invoke the version under test
     * @param mapper JSON
     * @param where  the function and qualifier, for errors
     */
    LambdaProbeScorer(Invoke invoke, ObjectMapper mapper, String where) {
        this.invoke = invoke;
        this.mapper = mapper;
        this.where = where;
    }

    @Override
    public double[] probabilities(FacialMeasurements face, List<Mask> masks) {
        Map<Long, Double> answered = known.computeIfAbsent(face, k -> new HashMap<>());
        List<Long> missing = masks.stream().map(Mask::id).distinct().filter(id -> !answered.containsKey(id)).toList();
        for (int from = 0; from < missing.size(); from += MAX_MASK_IDS_PER_REQUEST) {
            List<Long> ids = missing.subList(from, Math.min(missing.size(), from + MAX_MASK_IDS_PER_REQUEST));
            answered.putAll(ask(face, ids));
        }
        double[] out = new double[masks.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = answered.get(masks.get(i).id());
        }
        return out;
    }

    /** Inference requests made so far. */
    int requests() {
        return requests;
    }

    private Map<Long, Double> ask(FacialMeasurements face, List<Long> ids) {
        ObjectNode request = mapper.createObjectNode();
        request.put("method", "infer");
        ObjectNode measurements = request.putObject("facial_measurements");
        measurements.put("nose_mm", face.noseMm());
        measurements.put("chin_mm", face.chinMm());
        measurements.put("top_cheek_mm", face.topCheekMm());
        measurements.put("mid_cheek_mm", face.midCheekMm());
        measurements.put("strap_mm", face.strapMm());
        measurements.put("facial_hair_beard_length_mm", face.facialHairBeardLengthMm());
        ArrayNode maskIds = request.putArray("mask_ids");
        ids.forEach(maskIds::add);
        request.put("limit", ids.size());
        // the documented shape whatever the function's default (a deployment may answer the legacy one)
        request.put("response_format", "default");
        byte[] payload;
        try {
            payload = mapper.writeValueAsBytes(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        requests++;
        JsonNode answer = invoke.answer(payload);
        Map<Long, Double> p = new HashMap<>();
        for (JsonNode r : answer.path("recommendations")) {
            JsonNode proba = r.path("proba_fit");
            if (r.path("mask_id").canConvertToLong() && proba.isNumber()) {
                p.put(r.path("mask_id").asLong(), proba.asDouble());
            }
        }
        List<Long> unanswered = ids.stream().filter(id -> !p.containsKey(id)).toList();
        if (!unanswered.isEmpty()) {
            throw new ReleaseException("probe request to " + where + " scored no proba_fit for " + unanswered.size()
                    + " of the model's own masks (first " + unanswered.get(0) + "): " + abbreviate(answer));
        }
        return p;
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
