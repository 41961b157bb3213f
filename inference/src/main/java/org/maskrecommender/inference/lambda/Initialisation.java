package org.maskrecommender.inference.lambda;

import java.time.Duration;
import java.util.Optional;

import org.maskrecommender.inference.LoadReport;

/**
 * What the container's initialisation did before its first request (see {@link InferenceFunction}): on AWS this is
 * the Lambda Init phase, and with SnapStart what the snapshot holds.
 *
 * @param startup     the JVM's start to Quarkus's StartupEvent: class loading and Quarkus's start, without the
 *                    model (with SnapStart: measured when the snapshot was taken, not at restore); empty where
 *                    the platform does not tell
 * @param load        the model's load, phase by phase; empty when it failed
 * @param failure     why the model could not be loaded (as {@code model_unavailable}'s log detail); empty when it
 *                    was loaded
 * @param metricsLine the EMF record written for it, as logged
 */
public record Initialisation(Optional<Duration> startup, Optional<LoadReport> load, Optional<String> failure,
                             String metricsLine) {
}
