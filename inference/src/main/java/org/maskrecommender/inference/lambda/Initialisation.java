package org.maskrecommender.inference.lambda;

import java.time.Duration;
import java.util.Optional;

import org.maskrecommender.inference.LoadReport;

/**
 * What the container's initialisation did before its first request (see {@link InferenceFunction}): on AWS this is
 * the Lambda Init phase, and with SnapStart what the snapshot holds.
 *
 * @param startup     process start to Quarkus's StartupEvent: the JVM's start, class loading and Quarkus's start,
 *                    without the model; empty when the platform does not tell a process's start
 * @param load        the model's load, phase by phase; empty when it failed
 * @param failure     why the model could not be loaded (as {@code model_unavailable}'s log detail); empty when it
 *                    was loaded
 * @param metricsLine the EMF record written for it, as logged
 */
public record Initialisation(Optional<Duration> startup, Optional<LoadReport> load, Optional<String> failure,
                             String metricsLine) {
}
