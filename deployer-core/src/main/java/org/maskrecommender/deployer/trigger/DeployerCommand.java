package org.maskrecommender.deployer.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.release.CodeLocation;
import org.maskrecommender.deployer.release.ReleaseTag;

/**
 * What one event asks the deployer to do, as {@link EventRecognizer} understood it. Three kinds:
 * <ul>
 *   <li>work: {@link ReleaseModel}, {@link ReleaseTagBuild}, {@link Rollback}, {@link AlarmRollback},
 *       {@link Status};</li>
 *   <li>acknowledgements with nothing to do: {@link ScheduledTick} (log it), {@link Ignored};</li>
 *   <li>rejections: {@link Invalid} (malformed request: bad JSON, missing or wrongly typed field, unknown
 *       action), {@link Refused} (well-formed but not allowed: not a release tag, unknown environment,
 *       environments crossing).</li>
 * </ul>
 * Every reason names the field concerned.
 */
public sealed interface DeployerCommand {

    /**
     * A model-only release: the inference function of {@code environment} gets a new Lambda version pinned to
     * {@code modelVersion} (same code). From a {@code Model Trained} event (the training run's trigger, actor
     * {@code eventbridge}, event id = the EventBridge id) or an operator's
     * {@code {"action": "deploy", "environment": …, "model_version": …}} ({@code MANUAL}).
     *
     * @param environment    an allowed environment
     * @param modelVersion   a well-formed model version ({@code 20261128T050012Z-3f9a1c2e})
     * @param manifestSha256 the sha256 its manifest had when published (from the event), null: not given
     * @param trigger        what started it
     * @param canaryWeight   share of traffic for a canary step, 0 &lt; w &lt; 1; null: no canary
     */
    record ReleaseModel(Environment environment, String modelVersion, String manifestSha256, Trigger trigger,
                        Double canaryWeight)
            implements DeployerCommand {

        public ReleaseModel {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(modelVersion, "modelVersion");
            Objects.requireNonNull(trigger, "trigger");
            checkCanary(canaryWeight);
        }
    }

    /**
     * A release of a tagged build: new code (and a model) for the tag's environment, from the release workflow's
     * direct invoke (explicit {@code code} when given, else derived from configuration by tag; optional
     * {@code event_id}).
     *
     * @param tag          the release tag; its prefix decides the environment
     * @param code         the code package, null: derive it from configuration by tag
     * @param gitSha       the commit built, null if unknown
     * @param runUrl       the GitHub Actions run, null if unknown
     * @param modelVersion the model version to pin, null: the environment's {@code latest.json} at release time
     * @param canaryWeight share of traffic for a canary step, 0 &lt; w &lt; 1; null: no canary
     * @param eventId      idempotency key: the invoke's {@code event_id}; null if none
     * @param actor        the invoke's {@code actor} (default {@code release-workflow})
     */
    record ReleaseTagBuild(ReleaseTag tag, CodeLocation code, String gitSha, String runUrl, String modelVersion,
                           Double canaryWeight, String eventId, String actor) implements DeployerCommand {

        public ReleaseTagBuild {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(actor, "actor");
            checkCanary(canaryWeight);
        }

        /** The tag's environment. */
        public Environment environment() {
            return tag.environment();
        }

        /** {@code TAG} with the event id, actor, tag, git sha and run URL. */
        public Trigger trigger() {
            return new Trigger(Trigger.Type.TAG, eventId, actor, tag.tag(), gitSha, runUrl);
        }
    }

    /**
     * Move alias {@code live} back: to {@code toVersion}, or to the previous successful version in the ledger.
     *
     * @param environment an allowed environment
     * @param toVersion   a Lambda version number (digits, no leading zero), null: the previous one
     * @param trigger     {@code MANUAL} with the operator as actor
     */
    record Rollback(Environment environment, String toVersion, Trigger trigger) implements DeployerCommand {

        public Rollback {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(trigger, "trigger");
        }
    }

    /**
     * A CloudWatch alarm on alias {@code alias} of {@code functionName} went to ALARM: roll the function's last
     * release back if the alarm fired within its bake window.
     *
     * @param functionName the function in the alarm's metric dimensions ({@code FunctionName})
     * @param alias        the alias in its {@code Resource} dimension ({@code <function>:<alias>})
     * @param firedAt      when the alarm changed state
     * @param trigger      {@code ALARM}, with the alarm's name and the EventBridge event id
     */
    record AlarmRollback(String functionName, String alias, Instant firedAt, Trigger trigger)
            implements DeployerCommand {

        public AlarmRollback {
            Objects.requireNonNull(functionName, "functionName");
            Objects.requireNonNull(alias, "alias");
            Objects.requireNonNull(firedAt, "firedAt");
            Objects.requireNonNull(trigger, "trigger");
        }
    }

    /** Report alias target, routing, model version and recent ledger entries of {@code environment}. */
    record Status(Environment environment) implements DeployerCommand {

        public Status {
            Objects.requireNonNull(environment, "environment");
        }
    }

    /**
     * An EventBridge {@code Scheduled Event} (source {@code aws.events}); only logged.
     *
     * @param eventId   the EventBridge event id
     * @param time      the event's {@code time} as sent (ISO-8601), null if absent
     * @param resources the rule ARNs
     */
    record ScheduledTick(String eventId, String time, List<String> resources) implements DeployerCommand {

        public ScheduledTick {
            resources = resources == null ? List.of() : List.copyOf(resources);
        }
    }

    /** Recognised, but nothing to do (an EventBridge event of another kind). */
    record Ignored(String reason) implements DeployerCommand {

        public Ignored {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Well-formed but not allowed (not a release tag, unknown environment, environments crossing). */
    record Refused(String reason) implements DeployerCommand {

        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Malformed: bad JSON, a missing or wrongly typed field, an unknown action or event shape. */
    record Invalid(String reason) implements DeployerCommand {

        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private static void checkCanary(Double canaryWeight) {
        if (canaryWeight != null && !(canaryWeight > 0.0 && canaryWeight < 1.0)) {
            throw new IllegalArgumentException("canary weight must be strictly between 0 and 1: " + canaryWeight);
        }
    }
}
