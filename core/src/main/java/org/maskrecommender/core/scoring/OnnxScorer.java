package org.maskrecommender.core.scoring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

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
    private final int classes;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

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
        this.classes = outputClasses(signature.outputName());
    }

    public OnnxSignature signature() {
        return signature;
    }

    /**
     * The width of a [batch, classes] output, or 0 for a [batch] one, read from the graph (a pinned output must have
     * its exact shape).
     */
    private int outputClasses(String outputName) {
        try {
            NodeInfo info = session.getOutputInfo().get(outputName);
            long[] shape = info == null || !(info.getInfo() instanceof TensorInfo t) ? null : t.getShape();
            if (shape != null && shape.length == 1) {
                return 0;
            }
            if (shape == null || shape.length != 2 || shape[1] < 1) {
                close();
                throw new ScoringException("the model has no [batch] or [batch, classes] output named " + outputName,
                        null);
            }
            return (int) shape[1];
        } catch (OrtException e) {
            close();
            throw new ScoringException("cannot read the model's outputs: " + e.getMessage(), e);
        }
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
        int columns = Math.max(1, classes);
        Scratch scratch = this.scratch.get().ensure(rows.features().length, rowCount, rowCount * columns);
        Map<String, OnnxTensor> inputs = new HashMap<>(4);
        OnnxTensor output = null;
        try {
            // direct buffers are handed to ONNX Runtime as they are; heap arrays would be copied into a new direct
            // buffer on every call (for 10,000 rows, more time than the model itself takes)
            inputs.put(signature.inputName(), OnnxTensor.createTensor(env,
                    scratch.features.clear().put(rows.features()).flip(), new long[] {rowCount, rows.width()}));
            if (rows.families() != null) {
                inputs.put(signature.familyInputName(), OnnxTensor.createTensor(env,
                        scratch.families.clear().put(rows.families()).flip(), new long[] {rowCount}));
            }
            FloatBuffer probabilities = scratch.output.clear().limit(rowCount * columns);
            output = OnnxTensor.createTensor(env, probabilities,
                    classes == 0 ? new long[] {rowCount} : new long[] {rowCount, classes});
            try (OrtSession.Result result = session.run(inputs, Map.of(signature.outputName(), output))) {
                int positive = signature.positiveClassIndex();
                for (int i = 0; i < rowCount; i++) {
                    out[i] = probabilities.get(i * columns + positive);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new ScoringException("ONNX Runtime failed to score: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
            if (output != null) {
                output.close();
            }
        }
    }

    /**
     * Direct buffers of one thread, reused from call to call and grown when a batch needs more (a container serves
     * one catalogue, so they settle at its size).
     */
    private static final class Scratch {
        FloatBuffer features = FloatBuffer.allocate(0);
        LongBuffer families = LongBuffer.allocate(0);
        FloatBuffer output = FloatBuffer.allocate(0);

        Scratch ensure(int featureValues, int rows, int outputs) {
            if (features.capacity() < featureValues) {
                features = direct(featureValues).asFloatBuffer();
            }
            if (families.capacity() < rows) {
                families = direct(rows * 2).asLongBuffer();
            }
            if (output.capacity() < outputs) {
                output = direct(outputs).asFloatBuffer();
            }
            return this;
        }

        private static ByteBuffer direct(int values) {
            int capacity = Integer.highestOneBit(Math.max(1, values - 1)) << 1; // next power of two: few regrowths
            return ByteBuffer.allocateDirect(capacity * Float.BYTES).order(ByteOrder.nativeOrder());
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
