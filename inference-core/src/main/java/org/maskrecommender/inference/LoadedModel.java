package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.Manifest;

/**
 * A verified model ready to serve: its manifest, the encoder rebuilt from the manifest's encoding
 * parameters, one ONNX Runtime session, and the catalogue it scores.
 */
public final class LoadedModel implements AutoCloseable {

    private final Manifest manifest;
    private final FeatureEncoder encoder;
    private final OnnxScorer scorer;
    private final List<Mask> masks;
    private final Map<Long, Mask> masksById;
    private final ModelInfo info;

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

    /** Masks of the catalogue with these ids, in the given order, and the ids it does not know. */
    public Selection select(List<Long> ids) {
        List<Mask> known = new ArrayList<>(ids.size());
        List<Long> unknown = new ArrayList<>();
        for (Long id : ids) {
            Mask m = masksById.get(id);
            if (m == null) {
                unknown.add(id);
            } else {
                known.add(m);
            }
        }
        return new Selection(known, unknown);
    }

    /**
     * @param masks   masks found
     * @param unknown requested ids the model's catalogue does not have
     */
    public record Selection(List<Mask> masks, List<Long> unknown) {
    }

    @Override
    public void close() {
        scorer.close();
    }
}
