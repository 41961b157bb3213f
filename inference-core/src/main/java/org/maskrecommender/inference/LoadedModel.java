package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.core.store.MaskEvidence;

/**
 * A verified model ready to serve: its manifest, the encoder rebuilt from the manifest's encoding
 * parameters, one ONNX Runtime session, the catalogue it scores, and what its manifest says about each mask's
 * evidence. Everything that depends only on the model is computed here, once per loaded model.
 */
public final class LoadedModel implements AutoCloseable {

    private final Manifest manifest;
    private final FeatureEncoder encoder;
    private final OnnxScorer scorer;
    private final List<Mask> masks;
    private final Map<Long, Mask> masksById;
    private final ModelInfo info;
    private final MaskEvidence evidence;
    private final Set<Long> unscorable;
    private final List<String> styles;
    private final List<String> strapTypes;
    private final Map<String, double[]> perimeterRanges = new HashMap<>();

    /** @throws org.maskrecommender.core.store.ArtifactIntegrityException when the manifest's evidence is malformed */
    public LoadedModel(Manifest manifest, OnnxScorer scorer, List<Mask> masks) {
        this.manifest = manifest;
        this.encoder = new FeatureEncoder(manifest.encoding());
        if (!encoder.featureNames().equals(manifest.featureNames())) {
            throw new IllegalStateException("model " + manifest.version() + " was trained with features "
                    + manifest.featureNames() + " but this code encodes " + encoder.featureNames());
        }
        this.scorer = scorer;
        this.masks = List.copyOf(masks);
        Map<Long, Mask> byId = new LinkedHashMap<>();
        masks.forEach(m -> byId.put(m.id(), m));
        this.masksById = byId;
        this.info = ModelInfo.of(manifest);
        this.evidence = MaskEvidence.from(manifest);
        this.unscorable = Set.copyOf(evidence.unscorableMaskIds());
        this.styles = distinct(masks, Mask::style);
        this.strapTypes = distinct(masks, Mask::strapType);
        for (Mask m : masks) {
            perimeterRanges.merge(m.style(), new double[] {m.perimeterMm(), m.perimeterMm()},
                    (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
    }

    /**
     * The smallest and largest perimeter (mm) of the catalogue's masks of a style (null: masks without one); the
     * whole catalogue's range for a style it has no mask of.
     */
    public double[] perimeterRange(String style) {
        double[] range = perimeterRanges.get(style);
        if (range == null) {
            double min = masks.stream().mapToDouble(Mask::perimeterMm).min().orElse(0);
            double max = masks.stream().mapToDouble(Mask::perimeterMm).max().orElse(0);
            return new double[] {min, max};
        }
        return range.clone();
    }

    private static List<String> distinct(List<Mask> masks, Function<Mask, String> category) {
        TreeSet<String> values = new TreeSet<>();
        masks.stream().map(category).filter(Objects::nonNull).forEach(values::add);
        return List.copyOf(values);
    }

    /** Fit tests per family and unscorable masks, as training published them. */
    public MaskEvidence evidence() {
        return evidence;
    }

    /** The styles of the catalogue's masks, sorted: what {@code styles} may name. */
    public List<String> styles() {
        return styles;
    }

    /** The strap types of the catalogue's masks, sorted: what {@code strap_types} may name. */
    public List<String> strapTypes() {
        return strapTypes;
    }

    /** The response's model block, built once per loaded model rather than per request. */
    public ModelInfo info() {
        return info;
    }

    public Manifest manifest() {
        return manifest;
    }

    public FeatureEncoder encoder() {
        return encoder;
    }

    /** The whole catalogue, sorted by id. */
    public List<Mask> masks() {
        return masks;
    }

    public Mask mask(long id) {
        return masksById.get(id);
    }

    /** P(pass) of each mask for this face, in one batched ONNX Runtime run. */
    public float[] score(FacialMeasurements face, List<Mask> candidates) {
        return scorer.positiveProbabilities(encoder.encodeBatch(face, candidates), candidates.size());
    }

    /** P(pass) of rows already encoded with {@link #encoder()} (row-major). */
    public float[] scoreEncoded(float[] rows, int rowCount) {
        return scorer.positiveProbabilities(rows, rowCount);
    }

    /**
     * Masks of the catalogue with these ids, in the given order, the ids the catalogue has but cannot score, and
     * the ids it does not know.
     */
    public Selection select(List<Long> ids) {
        List<Mask> known = new ArrayList<>(ids.size());
        List<Long> unscored = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (Long id : ids) {
            Mask m = masksById.get(id);
            if (m != null) {
                known.add(m);
            } else if (unscorable.contains(id)) {
                unscored.add(id);
            } else {
                unknown.add(id);
            }
        }
        return new Selection(known, unscored, unknown);
    }

    /**
     * @param masks    masks found
     * @param unscored requested ids of catalogue entries without a usable perimeter
     * @param unknown  requested ids the model's catalogue does not have
     */
    public record Selection(List<Mask> masks, List<Long> unscored, List<Long> unknown) {
    }

    @Override
    public void close() {
        scorer.close();
    }
}
