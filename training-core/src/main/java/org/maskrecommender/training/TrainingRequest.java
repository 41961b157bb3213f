package org.maskrecommender.training;

import java.util.Objects;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;

/**
 * One training run.
 *
 * @param environment       the environment the model is for; its store receives the version
 * @param dataSource        fit-test location (file, {@code s3://…}, {@code https://…}); null = sample generator
 * @param catalogueSource   optional mask catalogue location
 * @param trigger           what started the run (null = {@link Trigger.Type#MANUAL})
 * @param settings          training knobs (null = {@link TrainingSettings#DEFAULT})
 * @param force             promote even if the quality gate says no (recorded in the manifest)
 * @param inferenceFunction the environment's inference function, whose deployment ledger names the model the
 *                          quality gate compares with (null = {@link Environment#inferenceFunction()})
 */
public record TrainingRequest(Environment environment, String dataSource, String catalogueSource, Trigger.Type trigger,
                              TrainingSettings settings, boolean force, String inferenceFunction) {

    /** A request without force, for the environment's default inference function. */
    public TrainingRequest(Environment environment, String dataSource, String catalogueSource, Trigger.Type trigger,
                           TrainingSettings settings) {
        this(environment, dataSource, catalogueSource, trigger, settings, false, null);
    }

    public TrainingRequest {
        Objects.requireNonNull(environment, "environment");
        trigger = trigger == null ? Trigger.Type.MANUAL : trigger;
        dataSource = blankToNull(dataSource);
        catalogueSource = blankToNull(catalogueSource);
        settings = settings == null ? TrainingSettings.DEFAULT : settings;
        inferenceFunction = inferenceFunction == null || inferenceFunction.isBlank() ? environment.inferenceFunction()
                : inferenceFunction.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
