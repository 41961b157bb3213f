package org.maskrecommender.core.scoring;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.EncodedRows;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.store.OnnxSignature;

/**
 * Scores encoded rows with an ONNX model through ONNX Runtime: one session per model, reused for
 * every call (creating a session costs milliseconds; a batch of 1,000 rows costs about as much as one).
 * Used by training (to check the export) and inference (to serve), so both call the model the same way.
 */
public final class OnnxScorer implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final OnnxSignature signature;

    public OnnxScorer(byte[] model, OnnxSignature signature) {
        this.signature = signature;
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // One request is one small batch; extra intra-op threads only add hand-off latency.
            options.setIntraOpNumThreads(1);
            this.session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new ScoringException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        Set<String> expected = new LinkedHashSet<>();
        expected.add(signature.inputName());
        if (signature.inputLayout() == InputLayout.FAMILY_INDEX) {
            expected.add(signature.familyInputName());
        }
        if (!session.getInputNames().equals(expected)) {
            String inputs = String.valueOf(session.getInputNames());
            close(); // the native session would leak otherwise: the caller never gets this object
            throw new ScoringException("the model's inputs are " + inputs + " but its " + signature.inputLayout().json()
                    + " signature names " + expected, null);
        }
    }

    public OnnxSignature signature() {
        return signature;
    }

    /** The input layout the model takes (its manifest says which). */
    public InputLayout layout() {
        return signature.inputLayout();
    }

    /** P(pass) of each fit test's (face, mask), encoded for this model's layout. */
    public float[] score(FeatureEncoder encoder, List<FitTest> rows) {
        return positiveProbabilities(encoder.encode(layout(), rows));
    }

    /** P(pass) of one face with each mask, encoded for this model's layout. */
    public float[] score(FeatureEncoder encoder, FacialMeasurements face, List<Mask> masks) {
        return positiveProbabilities(encoder.encode(layout(), face, masks));
    }

    /**
     * P(fit test passes) for each row of a one-hot model.
     *
     * @param rows row-major features, {@code rowCount × featureCount}
     * @param rowCount number of rows
     */
    public float[] positiveProbabilities(float[] rows, int rowCount) {
        if (rows.length != rowCount * signature.featureCount()) {
            throw new IllegalArgumentException("expected " + rowCount + " rows of " + signature.featureCount()
                    + " features, got " + rows.length + " values");
        }
        return positiveProbabilities(new EncodedRows(InputLayout.ONE_HOT, rowCount, signature.featureCount(), rows,
                null));
    }

    /** P(fit test passes) for each row, in one ONNX Runtime run; the rows must be in the model's layout. */
    public float[] positiveProbabilities(EncodedRows rows) {
        if (rows.layout() != layout() || rows.width() != signature.featureCount()) {
            throw new IllegalArgumentException("the model takes " + layout().json() + " rows of "
                    + signature.featureCount() + " features, got " + rows.layout().json() + " rows of "
                    + rows.width());
        }
        int rowCount = rows.rows();
        float[] out = new float[rowCount];
        if (rowCount == 0) {
            return out;
        }
        Map<String, OnnxTensor> inputs = new HashMap<>(4);
        try {
            inputs.put(signature.inputName(), OnnxTensor.createTensor(env, FloatBuffer.wrap(rows.features()),
                    new long[] {rowCount, rows.width()}));
            if (rows.families() != null) {
                inputs.put(signature.familyInputName(), OnnxTensor.createTensor(env,
                        LongBuffer.wrap(rows.families()), new long[] {rowCount}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue value = result.get(signature.outputName()).orElseThrow(() -> new ScoringException(
                        "the model has no output named " + signature.outputName(), null));
                if (!(value instanceof OnnxTensor tensor)) {
                    throw new ScoringException("output " + signature.outputName() + " is not a tensor", null);
                }
                // read the flat buffer: getValue() would build one float[] per row
                FloatBuffer probabilities = tensor.getFloatBuffer();
                int classes = probabilities.remaining() / rowCount;
                int positive = signature.positiveClassIndex();
                for (int i = 0; i < rowCount; i++) {
                    out[i] = probabilities.get(i * classes + positive);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new ScoringException("ONNX Runtime failed to score: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ScoringException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
