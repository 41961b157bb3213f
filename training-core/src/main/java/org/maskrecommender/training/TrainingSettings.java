package org.maskrecommender.training;

import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;
import org.maskrecommender.training.gate.GateSettings;

/**
 * Knobs of a training run; {@link #DEFAULT} is what the scheduled job uses.
 *
 * @param folds           user-grouped cross-validation folds for model selection
 * @param holdoutFraction share of users held out from selection and fitting, for the held-out metrics
 * @param seed            seed of splits and SGD, so a run is reproducible from data + settings
 * @param parityTolerance largest |P_onnx − P_tribuo| allowed before publishing is refused
 * @param sample          sample generator settings, used when no data location is given
 * @param gate            when a new model may replace the deployed one
 */
public record TrainingSettings(int folds, double holdoutFraction, long seed, double parityTolerance,
                               SampleSettings sample, GateSettings gate) {

    public static final TrainingSettings DEFAULT = new TrainingSettings(5, 0.2, 7, 1e-5, SampleSettings.DEFAULT,
            GateSettings.DEFAULT);

    /** Settings with the default quality gate. */
    public TrainingSettings(int folds, double holdoutFraction, long seed, double parityTolerance,
                            SampleSettings sample) {
        this(folds, holdoutFraction, seed, parityTolerance, sample, GateSettings.DEFAULT);
    }

    public TrainingSettings {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
        }
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException("holdout fraction must be between 0 and 1, got " + holdoutFraction);
        }
    }

    public TrainingSettings withSample(SampleSettings newSample) {
        return new TrainingSettings(folds, holdoutFraction, seed, parityTolerance, newSample, gate);
    }

    public TrainingSettings withGate(GateSettings newGate) {
        return new TrainingSettings(folds, holdoutFraction, seed, parityTolerance, sample, newGate);
    }
}
