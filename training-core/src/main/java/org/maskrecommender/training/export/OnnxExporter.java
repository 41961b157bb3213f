package org.maskrecommender.training.export;

import java.util.List;

import ai.onnx.proto.OnnxMl;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ONNXExportable;
import org.tribuo.VariableIDInfo;

import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.store.OnnxSignature;
import org.maskrecommender.training.model.FittedModel;
import org.maskrecommender.training.model.TribuoData;

/**
 * Exports a Tribuo model to ONNX: by default in the family-index layout ({@link FamilyIndexGraph}), which is what is
 * published and served; {@link #exportOneHot} writes Tribuo's own one-hot graph, the layout of models published before,
 * kept so tests and benchmarks can compare the two.
 */
public final class OnnxExporter {

    /** ONNX domain recorded in the model's metadata. */
    public static final String DOMAIN = "org.maskrecommender";

    /** The model as one ONNX graph taking dense features and a family index per row. */
    public ExportedModel export(FittedModel fitted, long modelVersion) {
        checkFeatureOrder(fitted);
        int pass = passColumn(fitted);
        FamilyIndexGraph.Weights weights = FamilyIndexGraph.weights(fitted.model(),
                fitted.encoder().featureCount());
        OnnxMl.ModelProto proto = FamilyIndexGraph.build(weights, fitted.encoder(), pass, DOMAIN, modelVersion,
                "mask-recommender (Tribuo " + org.tribuo.Tribuo.VERSION + " " + fitted.candidate().name() + ")");
        OnnxSignature signature = new OnnxSignature(FamilyIndexGraph.FEATURES, FamilyIndexGraph.OUTPUT,
                fitted.encoder().denseFeatureCount(), 0, InputLayout.FAMILY_INDEX, FamilyIndexGraph.FAMILY);
        return new ExportedModel(proto.toByteArray(), signature);
    }

    /** Tribuo's own export: one float input of every feature, the family block one-hot. */
    public ExportedModel exportOneHot(FittedModel fitted, long modelVersion) {
        if (!(fitted.model() instanceof ONNXExportable exportable)) {
            throw new ExportException(fitted.candidate().name() + " (" + fitted.model().getClass().getSimpleName()
                    + ") cannot be exported to ONNX");
        }
        checkFeatureOrder(fitted);
        OnnxMl.ModelProto proto = exportable.exportONNXModel(DOMAIN, modelVersion);
        OnnxMl.GraphProto graph = proto.getGraph();
        if (graph.getInputCount() != 1 || graph.getOutputCount() < 1) {
            throw new ExportException("unexpected ONNX graph: " + graph.getInputCount() + " inputs, "
                    + graph.getOutputCount() + " outputs");
        }
        int pass = passColumn(fitted);
        OnnxSignature signature = new OnnxSignature(graph.getInput(0).getName(), graph.getOutput(0).getName(),
                fitted.encoder().featureCount(), pass);
        return new ExportedModel(proto.toByteArray(), signature);
    }

    private static int passColumn(FittedModel fitted) {
        int pass = fitted.model().getOutputIDInfo().getID(TribuoData.PASS);
        if (pass < 0) {
            throw new ExportException("the model never saw a passing fit test; there is no 'pass' output");
        }
        return pass;
    }

    /**
     * The ONNX input columns follow Tribuo's feature ids; serving fills them in encoder order. They
     * must be the same, feature for feature, or every served probability would be wrong.
     */
    private static void checkFeatureOrder(FittedModel fitted) {
        ImmutableFeatureMap map = fitted.model().getFeatureIDMap();
        List<String> names = fitted.encoder().featureNames();
        if (map.size() != names.size()) {
            throw new ExportException("the model knows " + map.size() + " features but the encoder produces "
                    + names.size() + "; a feature never occurred in the training rows");
        }
        for (int i = 0; i < names.size(); i++) {
            VariableIDInfo info = map.get(TribuoData.tribuoName(i, names.get(i)));
            if (info == null || info.getID() != i) {
                throw new ExportException("feature " + names.get(i) + " is column "
                        + (info == null ? "none" : info.getID()) + " in the model but " + i + " in the encoder");
            }
        }
    }
}
