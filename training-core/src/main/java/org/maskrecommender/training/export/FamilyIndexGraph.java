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
 *   <li>probabilities = softmax(z) over the classes (both candidates train with {@code LogMulticlass}).</li>
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

    /** The graph for {@code weights} over {@code encoder}'s features. */
    static OnnxMl.ModelProto build(Weights weights, FeatureEncoder encoder, String domain, long modelVersion,
                                   String producer) {
        int dense = encoder.denseFeatureCount();
        int families = encoder.familyCount();
        int classes = weights.bias().length;
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("mask-recommender-family-index");
        g.addInput(valueInfo(FEATURES, OnnxMl.TensorProto.DataType.FLOAT, dense));
        g.addInput(valueInfo(FAMILY, OnnxMl.TensorProto.DataType.INT64, -1));
        g.addOutput(valueInfo(OUTPUT, OnnxMl.TensorProto.DataType.FLOAT, classes));

        float[] w = new float[dense * classes];
        float[] familyW = new float[(families + 1) * classes];
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < dense; j++) {
                w[j * classes + c] = (float) weights.linear()[c][j];
            }
            for (int f = 0; f < families; f++) {
                familyW[f * classes + c] = (float) (weights.linear()[c][dense + f] * encoder.familyValue(f));
            }
            bias[c] = (float) weights.bias()[c];
        }
        g.addInitializer(tensor("W", w, dense, classes));
        g.addInitializer(tensor("W_family", familyW, families + 1, classes));
        g.addInitializer(tensor("b", bias, classes));
        node(g, "MatMul", List.of(FEATURES, "W"), "linear");
        node(g, "Gather", List.of("W_family", FAMILY), "family_linear");
        node(g, "Add", List.of("linear", "family_linear"), "linear_sum");
        node(g, "Add", List.of("linear_sum", "b"), "linear_logits");
        String logits = "linear_logits";

        if (weights.factors() != null) {
            int k = weights.factors()[0].length;
            int width = classes * k; // column c·k + q: class c, factor q
            float[] v = new float[dense * width];
            float[] vSquared = new float[dense * width];
            float[] familyV = new float[(families + 1) * width];
            float[] halfSum = new float[width * classes];
            for (int c = 0; c < classes; c++) {
                for (int q = 0; q < k; q++) {
                    int col = c * k + q;
                    for (int j = 0; j < dense; j++) {
                        float x = (float) weights.factors()[c][q][j];
                        v[j * width + col] = x;
                        vSquared[j * width + col] = (float) (weights.factors()[c][q][j] * weights.factors()[c][q][j]);
                    }
                    for (int f = 0; f < families; f++) {
                        familyV[f * width + col] = (float) (weights.factors()[c][q][dense + f] * encoder.familyValue(f));
                    }
                    halfSum[col * classes + c] = 0.5f;
                }
            }
            g.addInitializer(tensor("V", v, dense, width));
            g.addInitializer(tensor("V_squared", vSquared, dense, width));
            g.addInitializer(tensor("V_family", familyV, families + 1, width));
            g.addInitializer(tensor("half_sum", halfSum, width, classes));
            node(g, "MatMul", List.of(FEATURES, "V"), "xv");
            node(g, "Gather", List.of("V_family", FAMILY), "family_v");
            node(g, "Add", List.of("xv", "family_v"), "sum_v");
            node(g, "Mul", List.of("sum_v", "sum_v"), "sum_v_squared");
            node(g, "Mul", List.of(FEATURES, FEATURES), "x_squared");
            node(g, "MatMul", List.of("x_squared", "V_squared"), "x2v2");
            node(g, "Mul", List.of("family_v", "family_v"), "family_v_squared");
            node(g, "Add", List.of("x2v2", "family_v_squared"), "squares_sum");
            node(g, "Sub", List.of("sum_v_squared", "squares_sum"), "pair_terms");
            node(g, "MatMul", List.of("pair_terms", "half_sum"), "pairwise");
            node(g, "Add", List.of("linear_logits", "pairwise"), "fm_logits");
            logits = "fm_logits";
        }
        g.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Softmax").setName("softmax").addInput(logits)
                .addOutput(OUTPUT).addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
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
