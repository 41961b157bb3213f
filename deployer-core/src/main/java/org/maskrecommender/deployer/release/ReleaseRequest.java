package org.maskrecommender.deployer.release;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;

/**
 * A release of one environment's inference function.
 *
 * @param environment    the environment (decided by the tag's prefix for tag releases)
 * @param tag            the release tag, null for a model-only release
 * @param code           the code zip to deploy, null for a model-only release
 * @param modelVersion   the model version, null = the environment's {@code latest.json} at this moment
 * @param manifestSha256 the sha256 the model's manifest had when published (a Model Trained event says it), null =
 *                       the one {@code latest.json} records for that version, else the manifest as stored now
 * @param trigger        what started it
 * @param canaryWeight   share of traffic (0–1, exclusive) to route to the new version before shifting fully; null =
 *                       none
 */
public record ReleaseRequest(Environment environment, ReleaseTag tag, CodeLocation code, String modelVersion,
                             String manifestSha256, Trigger trigger, Double canaryWeight) {

    public ReleaseRequest {
        if (tag != null && tag.environment() != environment) {
            throw new IllegalArgumentException("tag " + tag.tag() + " belongs to " + tag.environment() + ", not "
                    + environment);
        }
        if (canaryWeight != null && !(canaryWeight > 0 && canaryWeight < 1)) {
            throw new IllegalArgumentException("canary weight must be between 0 and 1 (exclusive), got " + canaryWeight);
        }
        if (manifestSha256 != null && modelVersion == null) {
            throw new IllegalArgumentException("a manifest sha256 pins a named model version; none was named");
        }
    }

    /** A release that takes the model's manifest hash from {@code latest.json} or the store. */
    public ReleaseRequest(Environment environment, ReleaseTag tag, CodeLocation code, String modelVersion,
                          Trigger trigger, Double canaryWeight) {
        this(environment, tag, code, modelVersion, null, trigger, canaryWeight);
    }
}
