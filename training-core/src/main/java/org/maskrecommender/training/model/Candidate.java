package org.maskrecommender.training.model;

import java.util.Map;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;

/**
 * A model family with fixed hyper-parameters that cross-validation can choose.
 *
 * @param name            stable name, e.g. {@code logistic_regression}
 * @param hyperparameters what is fixed, for the manifest
 * @param factory         builds the Tribuo trainer for a seed
 */
public record Candidate(String name, Map<String, Object> hyperparameters, TrainerFactory factory) {

    /** Builds a trainer; a new one per fit, so fits never share state. */
    @FunctionalInterface
    public interface TrainerFactory {
        Trainer<Label> create(long seed);
    }

    /** The name with the hyper-parameters a grid varies, for progress lines and manifests. */
    public String label() {
        return name;
    }

    public Trainer<Label> trainer(long seed) {
        return factory.create(seed);
    }
}
