package org.maskrecommender.training;

import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;
import org.maskrecommender.training.evaluation.EvaluationSet;
import org.maskrecommender.training.gate.GateSettings;

/**
 * Knobs of a training run; {@link #DEFAULT} is what the scheduled job uses.
 *
 * @param folds           user-grouped cross-validation folds for model selection
 * @param evaluationFraction share of users in the frozen evaluation set ({@link EvaluationSet}): never trained
 *                        on, the rows of the held-out metrics and of the quality gate's comparison
 * @param seed            seed of the cross-validation folds and SGD, so a run is reproducible from data + settings
 * @param parityTolerance largest |P_onnx − P_tribuo| allowed before publishing is refused
 * @param sample          sample generator settings, used when no data location is given
 * @param gate            when a new model may replace the deployed one
 */
public record TrainingSettings(int folds, double evaluationFraction, long seed, double parityTolerance,
                               SampleSettings sample, GateSettings gate) {

    /**
     * About one user in seven: enough evaluation rows for subgroup metrics on a few thousand tests, while the
     * published model still trains on 85% of them.
     */
    public static final double DEFAULT_EVALUATION_FRACTION = 0.15;

    public static final TrainingSettings DEFAULT = new TrainingSettings(5, DEFAULT_EVALUATION_FRACTION, 7, 1e-5, SampleSettings.DEFAULT,
            GateSettings.DEFAULT);

    /** Settings with the default quality gate. */
    public TrainingSettings(int folds, double evaluationFraction, long seed, double parityTolerance,
                            SampleSettings sample) {
        this(folds, evaluationFraction, seed, parityTolerance, sample, GateSettings.DEFAULT);
    }

    public TrainingSettings {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
        }
        if (!(evaluationFraction > 0 && evaluationFraction < 1)) {
            throw new IllegalArgumentException("evaluation fraction must be between 0 and 1, got " + evaluationFraction);
        }
    }

    public TrainingSettings withSample(SampleSettings newSample) {
        return new TrainingSettings(folds, evaluationFraction, seed, parityTolerance, newSample, gate);
    }

    public TrainingSettings withEvaluationFraction(double fraction) {
        return new TrainingSettings(folds, fraction, seed, parityTolerance, sample, gate);
    }

    public TrainingSettings withFolds(int newFolds) {
        return new TrainingSettings(newFolds, evaluationFraction, seed, parityTolerance, sample, gate);
    }

    public TrainingSettings withGate(GateSettings newGate) {
        return new TrainingSettings(folds, evaluationFraction, seed, parityTolerance, sample, newGate);
    }
}
