package org.maskrecommender.training.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.fm.FMClassificationModel;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.Tensor;

import org.maskrecommender.core.features.FeatureEncoder;

/**
 * Writes a Tribuo logistic regression or factorization machine as an ONNX graph in the
 * {@link org.maskrecommender.core.features.InputLayout#FAMILY_INDEX family-index layout}: a float input of the dense
 * features (every feature before the fit-family block) and an int64 input of each row's family index. Where the
 * one-hot graph multiplies a {@code rows × families} block that holds one non-zero per row, this graph gathers that
 * row's family weights from a table (row f: family f's weights times its encoded value n / (n + k); the last row
 * all zeros, for a family the model does not know), so a request costs rows × dense features whatever the number
 * of families. The arithmetic is otherwise the model's own:
 *
 * <ul>
 *   <li>logits z = x·W + b + W_fam[f] (logistic regression);</li>
 *   <li>plus, for a factorization machine, per class c and factor q, ½((Σᵢ xᵢvᵢ + V_fam[f])² − (Σᵢ xᵢ²vᵢ² +
 *       V_fam[f]²)), the pairwise term with the family's one non-zero written out;</li>
 *   <li>softmax over the two classes (both candidates train with {@code LogMulticlass}), written as
 *       P(pass) = σ(z_pass − z_fail): the graph's one output column.</li>
 * </ul>
 * Built with the ONNX protobuf classes directly: Tribuo's {@code ONNXContext} has float inputs only. Opset 13, as
 * Tribuo's own exports.
 */
final class FamilyIndexGraph {

    static final String FEATURES = "features";
    static final String FAMILY = "family_index";
    static final String OUTPUT = "probabilities";
    private static final int OPSET = 13;
    private static final long IR_VERSION = 8;

    /**
     * A model's parameters, in the encoder's feature order.
     *
     * @param linear  [classes][features] linear weights
     * @param bias    [classes] intercepts
     * @param factors [classes][factors][features] pairwise factors; null for a linear model
     */
    record Weights(double[][] linear, double[] bias, double[][][] factors) {
    }

    private FamilyIndexGraph() {
    }

    /** @throws ExportException for a model of another kind */
    static Weights weights(Model<Label> model, int features) {
        int classes = model.getOutputIDInfo().size();
        if (model instanceof LinearSGDModel lr) {
            DenseMatrix w = lr.getWeightsCopy(); // [classes, features + 1]: the bias is the last column
            check(w.getDimension1Size() == classes && w.getDimension2Size() == features + 1, "linear weights "
                    + w.getDimension1Size() + "×" + w.getDimension2Size());
            double[][] linear = new double[classes][features];
            double[] bias = new double[classes];
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < features; j++) {
                    linear[c][j] = w.get(c, j);
                }
                bias[c] = w.get(c, features);
            }
            return new Weights(linear, bias, null);
        }
        if (model instanceof FMClassificationModel fm) {
            DenseMatrix w = fm.getLinearWeightsCopy(); // [classes, features]
            DenseVector b = fm.getBiasesCopy();
            Tensor[] f = fm.getFactorsCopy(); // per class [factors, features]
            check(w.getDimension1Size() == classes && w.getDimension2Size() == features && b.size() == classes
                    && f.length == classes, "factorization machine parameters");
            double[][] linear = new double[classes][features];
            double[] bias = new double[classes];
            double[][][] factors = new double[classes][][];
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < features; j++) {
                    linear[c][j] = w.get(c, j);
                }
                bias[c] = b.get(c);
                DenseMatrix v = (DenseMatrix) f[c];
                check(v.getDimension2Size() == features, "factors " + v.getDimension1Size() + "×"
                        + v.getDimension2Size());
                factors[c] = new double[v.getDimension1Size()][features];
                for (int q = 0; q < v.getDimension1Size(); q++) {
                    for (int j = 0; j < features; j++) {
                        factors[c][q][j] = v.get(q, j);
                    }
                }
            }
            return new Weights(linear, bias, factors);
        }
        throw new ExportException(model.getClass().getSimpleName() + " has no family-index ONNX form");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new ExportException("unexpected shape of the model's " + what);
        }
    }

    /**
     * The graph for {@code weights} over {@code encoder}'s features, with one output value per row ({@code [batch]}):
     * P(class {@code positive}).
     * With two classes softmax is σ(z_positive − z_other), so the graph computes that one difference of logits — one
     * column of weights instead of two and a sigmoid instead of a softmax, which on small rows is most of the run.
     *
     * @throws ExportException for a model with other than two classes
     */
    static OnnxMl.ModelProto build(Weights weights, FeatureEncoder encoder, int positive, String domain,
                                   long modelVersion, String producer) {
        if (weights.bias().length != 2) {
            throw new ExportException("the family-index graph is for two classes, the model has "
                    + weights.bias().length);
        }
        int other = 1 - positive;
        int dense = encoder.denseFeatureCount();
        int families = encoder.familyCount();
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("mask-recommender-family-index");
        g.addInput(valueInfo(FEATURES, OnnxMl.TensorProto.DataType.FLOAT, dense));
        g.addInput(valueInfo(FAMILY, OnnxMl.TensorProto.DataType.INT64, -1));
        g.addOutput(valueInfo(OUTPUT, OnnxMl.TensorProto.DataType.FLOAT, -1));

        double[] delta = new double[weights.linear()[0].length];
        for (int j = 0; j < delta.length; j++) {
            delta[j] = weights.linear()[positive][j] - weights.linear()[other][j];
        }
        double bias = weights.bias()[positive] - weights.bias()[other];
        float[] w = new float[dense];
        for (int j = 0; j < dense; j++) {
            w[j] = (float) delta[j];
        }
        // every row gathers exactly one entry (the last for no known family), so the intercept rides along in the
        // table instead of costing an Add per request; and 1-D shapes keep every Add a plain element-wise one
        float[] familyW = new float[families + 1];
        for (int f = 0; f <= families; f++) {
            familyW[f] = (float) ((f < families ? delta[dense + f] * encoder.familyValue(f) : 0) + bias);
        }
        g.addInitializer(tensor("W", w, dense, 1));
        g.addInitializer(tensor("W_family_b", familyW, families + 1));
        g.addInitializer(OnnxMl.TensorProto.newBuilder().setName("flat").addDims(1)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addInt64Data(-1).build());
        // a [rows, 1] product reshaped (free: no copy): MatMul by a 1-D vector takes a path ten times slower
        node(g, "MatMul", List.of(FEATURES, "W"), "linear_column");
        node(g, "Reshape", List.of("linear_column", "flat"), "linear");
        node(g, "Gather", List.of("W_family_b", FAMILY), "family_linear");
        node(g, "Add", List.of("linear", "family_linear"), "linear_logit");
        String logit = "linear_logit";

        if (weights.factors() != null) {
            int k = weights.factors()[0].length;
            int width = 2 * k; // column c·k + q: class c, factor q
            float[] v = new float[dense * width];
            float[] vSquared = new float[dense * width];
            float[] familyV = new float[(families + 1) * width];
            float[] halfDiff = new float[width];
            for (int c = 0; c < 2; c++) {
                for (int q = 0; q < k; q++) {
                    int col = c * k + q;
                    for (int j = 0; j < dense; j++) {
                        double x = weights.factors()[c][q][j];
                        v[j * width + col] = (float) x;
                        vSquared[j * width + col] = (float) (x * x);
                    }
                    for (int f = 0; f < families; f++) {
                        familyV[f * width + col] = (float) (weights.factors()[c][q][dense + f] * encoder.familyValue(f));
                    }
                    halfDiff[col] = c == positive ? 0.5f : -0.5f; // ½ Σ_q of the positive class minus the other's
                }
            }
            g.addInitializer(tensor("V", v, dense, width));
            g.addInitializer(tensor("V_squared", vSquared, dense, width));
            g.addInitializer(tensor("V_family", familyV, families + 1, width));
            g.addInitializer(tensor("half_diff", halfDiff, width, 1));
            node(g, "MatMul", List.of(FEATURES, "V"), "xv");
            node(g, "Gather", List.of("V_family", FAMILY), "family_v");
            node(g, "Add", List.of("xv", "family_v"), "sum_v");
            node(g, "Mul", List.of("sum_v", "sum_v"), "sum_v_squared");
            node(g, "Mul", List.of(FEATURES, FEATURES), "x_squared");
            node(g, "MatMul", List.of("x_squared", "V_squared"), "x2v2");
            node(g, "Mul", List.of("family_v", "family_v"), "family_v_squared");
            node(g, "Add", List.of("x2v2", "family_v_squared"), "squares_sum");
            node(g, "Sub", List.of("sum_v_squared", "squares_sum"), "pair_terms");
            node(g, "MatMul", List.of("pair_terms", "half_diff"), "pairwise_column");
            node(g, "Reshape", List.of("pairwise_column", "flat"), "pairwise");
            node(g, "Add", List.of("linear_logit", "pairwise"), "fm_logit");
            logit = "fm_logit";
        }
        node(g, "Sigmoid", List.of(logit), OUTPUT);
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(OPSET))
                .setProducerName(producer)
                .setDomain(domain)
                .setModelVersion(modelVersion)
                .setGraph(g)
                .build();
    }

    private static void node(OnnxMl.GraphProto.Builder g, String op, List<String> inputs, String output) {
        g.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output));
    }

    /** A [batch] tensor when {@code width} < 0, else [batch, width]. */
    private static OnnxMl.ValueInfoProto valueInfo(String name, OnnxMl.TensorProto.DataType type, int width) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        if (width >= 0) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static OnnxMl.TensorProto tensor(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return t.setRawData(ByteString.copyFrom(raw.array())).build();
    }
}
