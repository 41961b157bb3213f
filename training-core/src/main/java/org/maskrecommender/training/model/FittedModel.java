package org.maskrecommender.training.model;

import java.util.List;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.FeatureEncoder;

/**
 * A trained Tribuo model with the encoder it was trained through.
 *
 * @param candidate the candidate it was trained as
 * @param model     the Tribuo model
 * @param encoder   the feature encoder fitted on the same rows
 */
public record FittedModel(Candidate candidate, Model<Label> model, FeatureEncoder encoder) {

    /** P(pass) per row, as Tribuo computes it. */
    public double[] predict(List<FitTest> rows) {
        List<Prediction<Label>> predictions = model.predict(TribuoData.examples(encoder, rows));
        double[] p = new double[predictions.size()];
        for (int i = 0; i < p.length; i++) {
            Label pass = predictions.get(i).getOutputScores().get(TribuoData.PASS.getLabel());
            p[i] = pass == null ? 0 : pass.getScore();
        }
        return p;
    }
}
