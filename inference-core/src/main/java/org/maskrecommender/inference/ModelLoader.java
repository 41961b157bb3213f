package org.maskrecommender.inference;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.core.store.ModelRef;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.ReferencePrediction;
import org.maskrecommender.core.store.VerifiedModel;

/**
 * Loads the version pinned by configuration ({@code MODEL_VERSION} with the sha256 of its manifest,
 * {@code MODEL_MANIFEST_SHA256}, both set by the deployer), else the one {@code latest.json} points at with the
 * manifest hash it records. The store checks the manifest against that hash and every file against the manifest,
 * so nothing edited after publishing is served. A model published for another environment, one without reference
 * predictions, or one this code does not reproduce, is refused.
 */
public final class ModelLoader {

    /** Same bound training's parity check used between Tribuo and ONNX Runtime. */
    public static final double REFERENCE_TOLERANCE = 1e-5;

    private final ModelStore store;
    private final Optional<String> pinnedVersion;
    private final Optional<String> pinnedManifestSha256;
    private final Environment environment;
    private final ObjectMapper mapper;

    /**
     * @param store                the environment's model store
     * @param pinnedVersion        version to serve; empty = the latest pointer
     * @param pinnedManifestSha256 the sha256 its manifest must have; required with a pinned version
     * @param environment          the environment this function serves
     * @param mapper               JSON mapper for masks.json
     */
    public ModelLoader(ModelStore store, Optional<String> pinnedVersion, Optional<String> pinnedManifestSha256,
                       Environment environment, ObjectMapper mapper) {
        this.store = store;
        this.pinnedVersion = pinnedVersion.filter(v -> !v.isBlank());
        this.pinnedManifestSha256 = pinnedManifestSha256.filter(v -> !v.isBlank());
        this.environment = environment;
        this.mapper = mapper;
    }

    /** Serves the version {@code latest.json} points at, with the manifest hash it records. */
    public static ModelLoader latest(ModelStore store, Environment environment, ObjectMapper mapper) {
        return new ModelLoader(store, Optional.empty(), Optional.empty(), environment, mapper);
    }

    /** @throws ModelUnavailableException when there is no servable model, with the reason */
    public LoadedModel load() {
        return loadWithReport().model();
    }

    /**
     * {@link #load()}, timing each phase.
     *
     * @throws ModelUnavailableException when there is no servable model, with the reason
     */
    public LoadReport loadWithReport() {
        long started = System.nanoTime();
        ModelRef ref = ref();
        String version = ref.version();
        VerifiedModel files;
        try {
            files = store.load(ref);
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
        long fetched = System.nanoTime();
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
        long built = System.nanoTime();
        int referenceRows;
        try {
            referenceRows = selfCheck(model);
        } catch (ModelUnavailableException e) {
            model.close();
            throw e;
        }
        long checked = System.nanoTime();
        return new LoadReport(model, Duration.ofNanos(fetched - started), Duration.ofNanos(built - fetched),
                Duration.ofNanos(checked - built), referenceRows);
    }

    private ModelRef ref() {
        if (pinnedVersion.isEmpty()) {
            try {
                return store.latest().orElseThrow(() -> new ModelUnavailableException("no model has been published to "
                        + store.location() + " (models/latest.json is missing)", null));
            } catch (ModelUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelUnavailableException("cannot load the model from " + store.location() + ": "
                        + e.getMessage(), e);
            }
        }
        if (pinnedManifestSha256.isEmpty()) {
            throw new ModelUnavailableException("model version " + pinnedVersion.get() + " is pinned without the sha256 "
                    + "of its manifest (MODEL_MANIFEST_SHA256): a pinned model is served only with the hash its release "
                    + "recorded", null);
        }
        try {
            return new ModelRef(pinnedVersion.get(), pinnedManifestSha256.get());
        } catch (IllegalArgumentException e) {
            throw new ModelUnavailableException("the pinned model is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * Scores the manifest's reference rows and compares with the probabilities training verified: if
     * this code encodes or scores differently from the code that trained the model, refuse to serve.
     *
     * @return how many reference rows were scored
     */
    static int selfCheck(LoadedModel model) {
        List<ReferencePrediction> refs = model.manifest().referencePredictions();
        if (refs == null || refs.isEmpty()) {
            throw new ModelUnavailableException("model " + model.manifest().version() + " has no reference predictions: "
                    + "it cannot be checked against this code; refusing to serve it", null);
        }
        List<FitTest> rows = refs.stream().map(r -> new FitTest(0, r.mask(), r.face(), false, null)).toList();
        float[] p = model.score(rows); // in the model's own input layout, as requests are scored
        for (int i = 0; i < p.length; i++) {
            double expected = refs.get(i).probability();
            if (!(Math.abs(p[i] - expected) <= REFERENCE_TOLERANCE)) {
                throw new ModelUnavailableException(String.format("model %s gives P=%.6f for reference row %d where "
                        + "training verified %.6f: this code does not reproduce the model; refusing to serve it",
                        model.manifest().version(), p[i], i, expected), null);
            }
        }
        return refs.size();
    }
}
