package org.maskrecommender.training.model;

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

    /** Logistic regression and a factorization machine. */
    public static List<Candidate> defaults() {
        return List.of(logisticRegression(), factorizationMachine());
    }

    /** Multinomial logistic regression on two labels, AdaGrad SGD. */
    public static Candidate logisticRegression() {
        double learningRate = 0.1;
        int epochs = 8;
        int minibatch = 16;
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("trainer", "LinearSGDTrainer");
        hp.put("objective", "LogMulticlass");
        hp.put("optimiser", "AdaGrad");
        hp.put("learning_rate", learningRate);
        hp.put("epochs", epochs);
        hp.put("minibatch_size", minibatch);
        return new Candidate("logistic_regression", hp, seed -> new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(learningRate, 1e-6), epochs, NO_LOGGING, minibatch, seed));
    }

    /** Factorization machine: pairwise feature interactions through low-rank factors. */
    public static Candidate factorizationMachine() {
        double learningRate = 0.05;
        int epochs = 8;
        // Tribuo 4.3.2's FMParameters.merge fails on minibatches > 1 (ClassCastException): keep 1.
        int minibatch = 1;
        int factors = 4;
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
        return new Candidate("factorization_machine", hp, seed -> new FMClassificationTrainer(new LogMulticlass(),
                new AdaGrad(learningRate, 1e-6), epochs, NO_LOGGING, minibatch, seed, factors, variance));
    }
}
