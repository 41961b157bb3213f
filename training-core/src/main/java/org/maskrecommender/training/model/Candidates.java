package org.maskrecommender.training.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * The candidates model selection compares. Only trainers whose ONNX export reproduces Tribuo's
 * probabilities are eligible (measured: logistic regression and factorization machines match to
 * ~1e-7; LibLinear exports wrong probabilities, CART and XGBoost cannot export).
 */
public final class Candidates {

    /** Tribuo logs per interval when ≥ 0; training reports its own progress instead. */
    private static final int NO_LOGGING = -1;

    private Candidates() {
    }

    /**
     * The grid user-grouped cross-validation chooses from: seven points, kept small because each costs one
     * k-fold cross-validation (about 1 s on the default sample).
     *
     * <ul>
     *   <li>logistic regression: family shrinkage k ∈ {0, 20, 60} at learning rate 0.1 and 8 epochs, and around
     *       k = 20 a faster (0.3) and a longer (16 epochs) run;</li>
     *   <li>factorization machine: 2 or 4 factors, k = 20.</li>
     * </ul>
     * Measured on a world built from the reference catalogue (sparse families, ~12 training rows each; fresh
     * people): k = 0 scores 0.844 ROC AUC, k = 15 0.853, k = 40 0.855, no family at all 0.850, the oracle
     * without family effects 0.855 — so shrinkage recovers what thin families cost and stops there. On the sample
     * world (about 250 rows per family) k changes nothing.
     */
    public static List<Candidate> defaults() {
        List<Candidate> grid = new ArrayList<>();
        for (double k : new double[] {0, 20, 60}) {
            grid.add(logisticRegression(0.1, 8, k));
        }
        grid.add(logisticRegression(0.3, 8, 20));
        grid.add(logisticRegression(0.1, 16, 20));
        grid.add(factorizationMachine(0.05, 8, 4, 20));
        grid.add(factorizationMachine(0.05, 8, 2, 20));
        return List.copyOf(grid);
    }

    /** Multinomial logistic regression on two labels, AdaGrad SGD. */
    public static Candidate logisticRegression() {
        return logisticRegression(0.1, 8, 0);
    }

    /**
     * @param learningRate        AdaGrad's initial learning rate
     * @param epochs              passes over the training rows
     * @param familyShrinkageRows k of the fit-family shrinkage (0: none)
     */
    public static Candidate logisticRegression(double learningRate, int epochs, double familyShrinkageRows) {
        int minibatch = 16;
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("trainer", "LinearSGDTrainer");
        hp.put("objective", "LogMulticlass");
        hp.put("optimiser", "AdaGrad");
        hp.put("learning_rate", learningRate);
        hp.put("epochs", epochs);
        hp.put("minibatch_size", minibatch);
        hp.put("family_shrinkage_rows", familyShrinkageRows);
        return new Candidate("logistic_regression", hp, familyShrinkageRows, seed -> new LinearSGDTrainer(
                new LogMulticlass(), new AdaGrad(learningRate, 1e-6), epochs, NO_LOGGING, minibatch, seed));
    }

    /** Factorization machine: pairwise feature interactions through low-rank factors. */
    public static Candidate factorizationMachine() {
        return factorizationMachine(0.05, 8, 4, 0);
    }

    /**
     * @param learningRate        AdaGrad's initial learning rate
     * @param epochs              passes over the training rows
     * @param factors             size of the factors of the pairwise terms
     * @param familyShrinkageRows k of the fit-family shrinkage (0: none)
     */
    public static Candidate factorizationMachine(double learningRate, int epochs, int factors,
                                                 double familyShrinkageRows) {
        // Tribuo 4.3.2's FMParameters.merge fails on minibatches > 1 (ClassCastException): keep 1.
        int minibatch = 1;
        double variance = 0.05;
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("trainer", "FMClassificationTrainer");
        hp.put("objective", "LogMulticlass");
        hp.put("optimiser", "AdaGrad");
        hp.put("learning_rate", learningRate);
        hp.put("epochs", epochs);
        hp.put("minibatch_size", minibatch);
        hp.put("factorized_dim_size", factors);
        hp.put("variance", variance);
        hp.put("family_shrinkage_rows", familyShrinkageRows);
        return new Candidate("factorization_machine", hp, familyShrinkageRows, seed -> new FMClassificationTrainer(
                new LogMulticlass(), new AdaGrad(learningRate, 1e-6), epochs, NO_LOGGING, minibatch, seed, factors,
                variance));
    }
}
