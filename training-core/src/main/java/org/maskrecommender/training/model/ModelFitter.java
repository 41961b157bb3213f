package org.maskrecommender.training.model;

import java.util.List;

import org.tribuo.Model;
import org.tribuo.classification.Label;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.FeatureEncoder;

/** Fits a candidate on rows: the encoder is fitted on the same rows first, so nothing leaks from evaluation rows. */
public final class ModelFitter {

    public FittedModel fit(Candidate candidate, List<FitTest> rows, long seed) {
        FeatureEncoder encoder = FeatureEncoder.fit(rows, candidate.familyShrinkageRows());
        Model<Label> model = candidate.trainer(seed).train(TribuoData.dataset(encoder, rows));
        return new FittedModel(candidate, model, encoder);
    }
}
