package org.maskrecommender.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.features.EncodingParameters;

/**
 * {@code models/<version>/manifest.json}: what a model version is, how to use it, and where it came
 * from. The typed fields are the ones serving needs; the rest are JSON blocks written by training.
 *
 * @param version      the version id ({@link ModelVersion})
 * @param environment  the environment it was trained for
 * @param createdAt    when training published it (UTC)
 * @param files        sha256 (hex) of every other file of the version, by file name
 * @param featureNames ordered feature names ({@code FeatureEncoder#featureNames()})
 * @param encoding     feature encoding parameters
 * @param onnx         how to call model.onnx
 * @param referencePredictions training rows with Tribuo's probabilities, for serving's self-check
 * @param metrics      evaluation: cross-validation and held-out blocks
 * @param trainingData data sha256s, locations and row counts (read/kept/dropped by reason)
 * @param code         code provenance (git sha)
 * @param trainer      chosen trainer, hyper-parameters, candidates compared, Tribuo provenance
 * @param promotion    the quality gate's decision: promoted or not, why, forced, metrics compared
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String version, Environment environment, Instant createdAt, Map<String, String> files,
                       List<String> featureNames, EncodingParameters encoding, OnnxSignature onnx,
                       List<ReferencePrediction> referencePredictions, ObjectNode metrics,
                       ObjectNode trainingData, ObjectNode code, ObjectNode trainer, ObjectNode promotion) {

    public static final String MODEL_FILE = "model.onnx";
    public static final String MASKS_FILE = "masks.json";
    public static final String MANIFEST_FILE = "manifest.json";
    /**
     * The version's model card: one self-contained HTML page for people. Optional (versions published before cards
     * existed have none); when {@link #files} names it, it is verified like the other files.
     */
    public static final String CARD_FILE = "model-card.html";

    /** A copy with the file checksums filled in. */
    public Manifest withFiles(Map<String, String> sha256ByFile) {
        return new Manifest(version, environment, createdAt, Map.copyOf(sha256ByFile), featureNames, encoding, onnx,
                referencePredictions, metrics, trainingData, code, trainer, promotion);
    }
}
