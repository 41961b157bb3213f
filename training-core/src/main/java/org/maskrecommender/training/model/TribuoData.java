package org.maskrecommender.training.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.FeatureEncoder;

/**
 * Turns fit tests into Tribuo examples through the shared {@link FeatureEncoder}.
 *
 * <p>Tribuo numbers features by sorting their names. Each name is prefixed with its zero-padded
 * position ({@code 0003:beard_length}), so Tribuo's numbering — and so the ONNX input column order —
 * is exactly the encoder's order. The export step checks this instead of trusting it.
 */
public final class TribuoData {

    public static final Label PASS = new Label("pass");
    public static final Label FAIL = new Label("fail");
    private static final LabelFactory LABELS = new LabelFactory();

    private TribuoData() {
    }

    /** The Tribuo name of encoder feature {@code index}. */
    public static String tribuoName(int index, String featureName) {
        return String.format("%04d:%s", index, featureName);
    }

    static String[] tribuoNames(FeatureEncoder encoder) {
        List<String> names = encoder.featureNames();
        String[] out = new String[names.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = tribuoName(i, names.get(i));
        }
        return out;
    }

    /** A labelled training dataset. */
    public static MutableDataset<Label> dataset(FeatureEncoder encoder, List<FitTest> rows) {
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("mask-recommender fit tests", LABELS), LABELS);
        dataset.addAll(examples(encoder, rows));
        return dataset;
    }

    /**
     * One example per row, carrying only the non-zero features (Tribuo treats absent as zero; one-hot
     * blocks are mostly zeros, so this keeps examples small).
     */
    public static List<Example<Label>> examples(FeatureEncoder encoder, List<FitTest> rows) {
        String[] names = tribuoNames(encoder);
        float[] vector = new float[encoder.featureCount()];
        List<Example<Label>> examples = new ArrayList<>(rows.size());
        String[] keptNames = new String[names.length];
        double[] keptValues = new double[names.length];
        for (FitTest row : rows) {
            encoder.encodeInto(row.face(), row.mask(), vector, 0);
            int n = 0;
            for (int i = 0; i < vector.length; i++) {
                if (vector[i] != 0f) {
                    keptNames[n] = names[i];
                    keptValues[n] = vector[i];
                    n++;
                }
            }
            examples.add(new ArrayExample<>(row.passed() ? PASS : FAIL, Arrays.copyOf(keptNames, n),
                    Arrays.copyOf(keptValues, n)));
        }
        return examples;
    }
}
