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
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.EncodedMask;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.features.InputLayout;
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
    private final List<EncodedMask> encodedMasks;
    private final Map<Long, EncodedMask> masksById;
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
        // what encoding needs of each mask alone, once per model: a request then only writes its rows
        this.encodedMasks = this.masks.stream().map(encoder::encodeMask).toList();
        Map<Long, EncodedMask> byId = new LinkedHashMap<>();
        encodedMasks.forEach(m -> byId.put(m.mask().id(), m));
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

    /** The whole catalogue, sorted by id, with what encoding needs of each mask (computed at load). */
    public List<EncodedMask> encodedMasks() {
        return encodedMasks;
    }

    public Mask mask(long id) {
        EncodedMask m = masksById.get(id);
        return m == null ? null : m.mask();
    }

    /** The input layout of the model's graph (from its manifest; one-hot for models published before the choice). */
    public InputLayout layout() {
        return scorer.layout();
    }

    /** P(pass) of each mask for this face, in one batched ONNX Runtime run. */
    public float[] score(FacialMeasurements face, List<Mask> candidates) {
        return scorer.score(encoder, face, candidates);
    }

    /**
     * P(pass) of each catalogue mask for this face, in one batched ONNX Runtime run; in the family-index layout the
     * cost grows with the masks, not with the families the model knows.
     */
    public float[] scoreCatalogue(FacialMeasurements face, List<EncodedMask> candidates) {
        return scorer.positiveProbabilities(encoder.encodePrepared(scorer.layout(), face, candidates));
    }

    /** P(pass) of each row's (face, mask). */
    public float[] score(List<FitTest> rows) {
        return scorer.score(encoder, rows);
    }

    /**
     * Masks of the catalogue with these ids, in the given order, the ids the catalogue has but cannot score, and
     * the ids it does not know.
     */
    public Selection select(List<Long> ids) {
        List<EncodedMask> known = new ArrayList<>(ids.size());
        List<Long> unscored = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (Long id : ids) {
            EncodedMask m = masksById.get(id);
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
    public record Selection(List<EncodedMask> masks, List<Long> unscored, List<Long> unknown) {
    }

    @Override
    public void close() {
        scorer.close();
    }
}
