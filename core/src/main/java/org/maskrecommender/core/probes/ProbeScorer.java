package org.maskrecommender.core.probes;

import java.util.List;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.scoring.OnnxScorer;

/** What probes need of a model: P(pass) of one face with each of some masks. */
@FunctionalInterface
public interface ProbeScorer {

    /** P(fit test passes) for {@code face} with each mask, in the masks' order. */
    double[] probabilities(FacialMeasurements face, List<Mask> masks);

    /** A model as serving runs it: the manifest's encoder, then ONNX Runtime. */
    static ProbeScorer of(FeatureEncoder encoder, OnnxScorer scorer) {
        return (face, masks) -> {
            float[] p = scorer.score(encoder, face, masks);
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i];
            }
            return out;
        };
    }
}
