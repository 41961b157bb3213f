package org.maskrecommender.training.model;

import java.util.Map;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;

/**
 * A trainer with fixed hyper-parameters that cross-validation can choose: one point of a trainer's grid.
 *
 * @param name                stable trainer name, e.g. {@code logistic_regression}
 * @param hyperparameters     what is fixed, for the manifest (the family shrinkage included)
 * @param familyShrinkageRows k of the fit-family shrinkage the encoder applies (0: none;
 *                            {@link org.maskrecommender.core.features.EncodingParameters#familyValue})
 * @param factory             builds the Tribuo trainer for a seed
 */
public record Candidate(String name, Map<String, Object> hyperparameters, double familyShrinkageRows,
                        TrainerFactory factory) {

    /** Builds a trainer; a new one per fit, so fits never share state. */
    @FunctionalInterface
    public interface TrainerFactory {
        Trainer<Label> create(long seed);
    }

    /** A candidate without family shrinkage. */
    public Candidate(String name, Map<String, Object> hyperparameters, TrainerFactory factory) {
        this(name, hyperparameters, 0, factory);
    }

    /** The name with the hyper-parameters a grid varies, for progress lines and manifests. */
    public String label() {
        StringBuilder sb = new StringBuilder(name).append('(');
        String[] varied = {"learning_rate", "epochs", "factorized_dim_size", "family_shrinkage_rows"};
        boolean first = true;
        for (String key : varied) {
            if (hyperparameters.containsKey(key)) {
                sb.append(first ? "" : ", ").append(key).append('=').append(hyperparameters.get(key));
                first = false;
            }
        }
        return first ? name : sb.append(')').toString();
    }

    public Trainer<Label> trainer(long seed) {
        return factory.create(seed);
    }
}
