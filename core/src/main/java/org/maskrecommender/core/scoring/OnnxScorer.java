package org.maskrecommender.core.scoring;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

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
        if (!session.getInputNames().contains(signature.inputName())) {
            String inputs = String.valueOf(session.getInputNames());
            close(); // the native session would leak otherwise: the caller never gets this object
            throw new ScoringException("the model has no input named " + signature.inputName() + "; it has " + inputs,
                    null);
        }
    }

    public OnnxSignature signature() {
        return signature;
    }

    /**
     * P(fit test passes) for each row.
     *
     * @param rows row-major features, {@code rowCount × featureCount}
     * @param rowCount number of rows
     */
    public float[] positiveProbabilities(float[] rows, int rowCount) {
        int width = signature.featureCount();
        if (rows.length != rowCount * width) {
            throw new IllegalArgumentException("expected " + rowCount + " rows of " + width + " features, got "
                    + rows.length + " values");
        }
        float[] out = new float[rowCount];
        if (rowCount == 0) {
            return out;
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {rowCount, width});
             OrtSession.Result result = session.run(Map.of(signature.inputName(), input))) {
            OnnxValue value = result.get(signature.outputName())
                    .orElseThrow(() -> new ScoringException("the model has no output named " + signature.outputName(), null));
            float[][] probabilities = (float[][]) value.getValue();
            int positive = signature.positiveClassIndex();
            for (int i = 0; i < rowCount; i++) {
                out[i] = probabilities[i][positive];
            }
            return out;
        } catch (OrtException e) {
            throw new ScoringException("ONNX Runtime failed to score: " + e.getMessage(), e);
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
