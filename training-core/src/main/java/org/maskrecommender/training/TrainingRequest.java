package org.maskrecommender.training;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One training run.
 *
 * @param environment       environment the model is for ({@code staging}, {@code production}, …)
 * @param dataSource        fit-test location (file, {@code s3://…}, {@code https://…}); null = sample generator
 * @param catalogueSource   optional mask catalogue location
 * @param trigger           what started the run: {@code schedule}, {@code tag} or {@code manual}
 * @param settings          training knobs
 * @param force             promote even if the quality gate says no (recorded in the manifest)
 * @param deployedModel     the model version the environment serves now, to compare with; null = the
 *                          version {@code latest.json} points at (or none)
 */
public record TrainingRequest(String environment, String dataSource, String catalogueSource, String trigger,
                              TrainingSettings settings, boolean force, String deployedModel) {

    /** A request without force, comparing with {@code latest.json}. */
    public TrainingRequest(String environment, String dataSource, String catalogueSource, String trigger,
                           TrainingSettings settings) {
        this(environment, dataSource, catalogueSource, trigger, settings, false, null);
    }

    public static final Set<String> TRIGGERS = Set.of("schedule", "tag", "manual");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public TrainingRequest {
        if (environment == null || !ENVIRONMENT.matcher(environment).matches()) {
            throw new TrainingException(TrainingException.Code.INVALID_REQUEST,
                    "environment must be a lower-case name such as staging or production, got " + environment);
        }
        trigger = trigger == null ? "manual" : trigger;
        if (!TRIGGERS.contains(trigger)) {
            throw new TrainingException(TrainingException.Code.INVALID_REQUEST,
                    "trigger must be one of schedule, tag, manual; got " + trigger);
        }
        dataSource = blankToNull(dataSource);
        catalogueSource = blankToNull(catalogueSource);
        settings = settings == null ? TrainingSettings.DEFAULT : settings;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
