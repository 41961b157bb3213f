package org.maskrecommender.training.export;

import java.util.List;

import ai.onnx.proto.OnnxMl;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ONNXExportable;
import org.tribuo.VariableIDInfo;

import org.maskrecommender.core.store.OnnxSignature;
import org.maskrecommender.training.model.FittedModel;
import org.maskrecommender.training.model.TribuoData;

/** Exports a Tribuo model to ONNX and works out its signature from the exported graph itself. */
public final class OnnxExporter {

    /** ONNX domain recorded in the model's metadata. */
    public static final String DOMAIN = "org.maskrecommender";

    public ExportedModel export(FittedModel fitted, long modelVersion) {
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
        int pass = fitted.model().getOutputIDInfo().getID(TribuoData.PASS);
        if (pass < 0) {
            throw new ExportException("the model never saw a passing fit test; there is no 'pass' output");
        }
        OnnxSignature signature = new OnnxSignature(graph.getInput(0).getName(), graph.getOutput(0).getName(),
                fitted.encoder().featureCount(), pass);
        return new ExportedModel(proto.toByteArray(), signature);
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
