package org.maskrecommender.inference;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.ReferencePrediction;
import org.maskrecommender.core.store.VerifiedModel;

/**
 * Loads the version pinned by configuration ({@code MODEL_VERSION}), else the one {@code latest.json}
 * points at, from the environment's store; the store checks every file's sha256 against the manifest.
 * A model published for another environment, or one this code does not reproduce, is refused.
 */
public final class ModelLoader {

    /** Same bound training's parity check used between Tribuo and ONNX Runtime. */
    public static final double REFERENCE_TOLERANCE = 1e-5;

    private final ModelStore store;
    private final Optional<String> pinnedVersion;
    private final Environment environment;
    private final ObjectMapper mapper;

    /**
     * @param store         the environment's model store
     * @param pinnedVersion version to serve; empty = the latest pointer
     * @param environment   the environment this function serves
     * @param mapper        JSON mapper for masks.json
     */
    public ModelLoader(ModelStore store, Optional<String> pinnedVersion, Environment environment, ObjectMapper mapper) {
        this.store = store;
        this.pinnedVersion = pinnedVersion.filter(v -> !v.isBlank());
        this.environment = environment;
        this.mapper = mapper;
    }

    /** @throws ModelUnavailableException when there is no servable model, with the reason */
    public LoadedModel load() {
        String version;
        VerifiedModel files;
        try {
            version = pinnedVersion.orElseGet(() -> store.latestVersion().orElseThrow(() ->
                    new ModelUnavailableException("no model has been published to " + store.location()
                            + " (models/latest.json is missing)", null)));
            files = store.load(version);
        } catch (ModelUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelUnavailableException("cannot load the model from " + store.location() + ": "
                    + e.getMessage(), e);
        }
        if (environment != files.manifest().environment()) {
            throw new ModelUnavailableException("model " + version + " was trained for "
                    + files.manifest().environment() + ", not " + environment, null);
        }
        List<Mask> masks;
        try {
            masks = mapper.readValue(files.masksJson(), new TypeReference<List<Mask>>() { });
        } catch (IOException e) {
            throw new ModelUnavailableException("masks.json of " + version + " cannot be read: " + e.getMessage(), e);
        }
        LoadedModel model;
        OnnxScorer scorer = null;
        try {
            scorer = new OnnxScorer(files.modelOnnx(), files.manifest().onnx());
            model = new LoadedModel(files.manifest(), scorer, masks);
        } catch (RuntimeException e) {
            if (scorer != null) {
                scorer.close(); // a failed load is retried on the next invocation: never leak a native session
            }
            throw new ModelUnavailableException("model " + version + " cannot be served: " + e.getMessage(), e);
        }
        try {
            selfCheck(model);
        } catch (ModelUnavailableException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /**
     * Scores the manifest's reference rows and compares with the probabilities training verified: if
     * this code encodes or scores differently from the code that trained the model, refuse to serve.
     */
    static void selfCheck(LoadedModel model) {
        List<ReferencePrediction> refs = model.manifest().referencePredictions();
        if (refs == null || refs.isEmpty()) {
            return;
        }
        int width = model.encoder().featureCount();
        float[] rows = new float[refs.size() * width];
        for (int i = 0; i < refs.size(); i++) {
            model.encoder().encodeInto(refs.get(i).face(), refs.get(i).mask(), rows, i * width);
        }
        float[] p = model.scoreEncoded(rows, refs.size());
        for (int i = 0; i < p.length; i++) {
            double expected = refs.get(i).probability();
            if (!(Math.abs(p[i] - expected) <= REFERENCE_TOLERANCE)) {
                throw new ModelUnavailableException(String.format("model %s gives P=%.6f for reference row %d where "
                        + "training verified %.6f: this code does not reproduce the model; refusing to serve it",
                        model.manifest().version(), p[i], i, expected), null);
            }
        }
    }
}
