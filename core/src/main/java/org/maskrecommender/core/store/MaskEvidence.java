package org.maskrecommender.core.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.domain.FitTest;

/**
 * What a published model knows about each mask beyond its attributes, for explaining its answers: how many fit tests
 * of each fit family it was trained on, and which catalogue entries it cannot score. Training writes it into the
 * manifest's {@code training_data} block (so the manifest's pinned sha256 covers it); serving reads it back. Versions
 * published before it existed have neither key: {@link #fitTestsByFamily()} is then null (support unknown) and no
 * mask is listed as unscorable.
 *
 * @param fitTestsByFamily  fit tests per fit family among the rows the published model was fitted on; null when the
 *                          version did not record them
 * @param unscorableMaskIds catalogue entries without a usable perimeter, sorted
 */
public record MaskEvidence(Map<Long, Integer> fitTestsByFamily, List<Long> unscorableMaskIds) {

    /** {@code training_data} key: {"family id": fit tests, …}. */
    public static final String FIT_TESTS_BY_FAMILY = "fit_tests_by_family";
    /** {@code training_data} key: [mask id, …]. */
    public static final String UNSCORABLE_MASK_IDS = "unscorable_mask_ids";

    public MaskEvidence {
        fitTestsByFamily = fitTestsByFamily == null ? null : Map.copyOf(fitTestsByFamily);
        unscorableMaskIds = List.copyOf(unscorableMaskIds);
    }

    /**
     * @param trainingRows      the rows the published model was fitted on (not the rows held out from it)
     * @param unscorableMaskIds catalogue entries without a usable perimeter
     */
    public static MaskEvidence of(Collection<FitTest> trainingRows, List<Long> unscorableMaskIds) {
        Map<Long, Integer> counts = new TreeMap<>();
        for (FitTest t : trainingRows) {
            if (t.mask().fitFamilyId() != null) {
                counts.merge(t.mask().fitFamilyId(), 1, Integer::sum);
            }
        }
        return new MaskEvidence(counts, unscorableMaskIds);
    }

    /** Fit tests of this family the model was trained on: 0 for a family it never saw or none; null when unknown. */
    public Integer support(Long fitFamilyId) {
        if (fitTestsByFamily == null) {
            return null;
        }
        return fitFamilyId == null ? 0 : fitTestsByFamily.getOrDefault(fitFamilyId, 0);
    }

    /** Adds both keys to a manifest's {@code training_data} block, families in id order. */
    public void writeTo(ObjectNode trainingData) {
        ObjectNode families = trainingData.putObject(FIT_TESTS_BY_FAMILY);
        if (fitTestsByFamily != null) {
            new TreeMap<>(fitTestsByFamily).forEach((family, n) -> families.put(Long.toString(family), n));
        }
        unscorableMaskIds.forEach(trainingData.putArray(UNSCORABLE_MASK_IDS)::add);
    }

    /**
     * What a manifest records; an older manifest without the keys reads as "support unknown, nothing unscorable".
     *
     * @throws ArtifactIntegrityException when a key is there but not in the shape training writes
     */
    public static MaskEvidence from(Manifest manifest) {
        JsonNode data = manifest.trainingData();
        if (data == null) {
            return new MaskEvidence(null, List.of());
        }
        Map<Long, Integer> families = null;
        JsonNode byFamily = data.get(FIT_TESTS_BY_FAMILY);
        if (byFamily != null && !byFamily.isNull()) {
            if (!byFamily.isObject()) {
                throw malformed(manifest, FIT_TESTS_BY_FAMILY);
            }
            families = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = byFamily.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
                    throw malformed(manifest, FIT_TESTS_BY_FAMILY);
                }
                try {
                    families.put(Long.parseLong(e.getKey()), e.getValue().asInt());
                } catch (NumberFormatException ex) {
                    throw malformed(manifest, FIT_TESTS_BY_FAMILY);
                }
            }
        }
        List<Long> unscorable = List.of();
        JsonNode ids = data.get(UNSCORABLE_MASK_IDS);
        if (ids != null && !ids.isNull()) {
            if (!ids.isArray()) {
                throw malformed(manifest, UNSCORABLE_MASK_IDS);
            }
            List<Long> list = new ArrayList<>(ids.size());
            for (JsonNode id : ids) {
                if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                    throw malformed(manifest, UNSCORABLE_MASK_IDS);
                }
                list.add(id.asLong());
            }
            unscorable = list;
        }
        return new MaskEvidence(families, unscorable);
    }

    private static ArtifactIntegrityException malformed(Manifest manifest, String key) {
        return new ArtifactIntegrityException("the manifest of " + manifest.version() + " has training_data." + key
                + " in a shape training never writes");
    }
}
