package org.maskrecommender.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.deployer.alarm.BakeWatch;
import org.maskrecommender.deployer.release.CodeLocation;
import org.maskrecommender.deployer.release.DeploymentTargets;
import org.maskrecommender.deployer.release.ReleaseRequest;
import org.maskrecommender.deployer.release.ReleaseResult;
import org.maskrecommender.deployer.release.ReleaseService;
import org.maskrecommender.deployer.release.RollbackService;
import org.maskrecommender.deployer.release.StatusService;
import org.maskrecommender.deployer.trigger.DeployerCommand;
import org.maskrecommender.deployer.trigger.EventRecognizer;

/**
 * The deployer function's whole behaviour, free of the Lambda runtime: recognise the event (EventBridge, the
 * release workflow's or an operator's direct invoke), run it, answer with one JSON object whose {@code status}
 * says what happened. Assembled by {@link DeployerServices}.
 */
public final class DeployerService {

    private static final System.Logger LOG = System.getLogger(DeployerService.class.getName());

    private final EventRecognizer recognizer;
    private final ReleaseService releases;
    private final RollbackService rollbacks;
    private final StatusService status;
    private final DeploymentTargets targets;
    private final ObjectMapper mapper;
    private final BakeWatch bake;

    DeployerService(EventRecognizer recognizer, ReleaseService releases, RollbackService rollbacks,
                    StatusService status, DeploymentTargets targets, ObjectMapper mapper, BakeWatch bake) {
        this.recognizer = recognizer;
        this.releases = releases;
        this.rollbacks = rollbacks;
        this.status = status;
        this.targets = targets;
        this.mapper = mapper;
        this.bake = bake;
    }

    /**
     * One invocation.
     *
     * @param response  the JSON to return
     * @param succeeded whether the requested work was done (a failed or refused release is false)
     */
    public record Answer(JsonNode response, boolean succeeded) {
    }

    /** @param event the event as delivered, byte for byte: the parse refuses duplicate keys and trailing text */
    public Answer handle(byte[] event) {
        DeployerCommand command = recognizer.recognize(event);
        LOG.log(System.Logger.Level.INFO, () -> "deployer event: " + command.getClass().getSimpleName());
        // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed type.
        if (command instanceof DeployerCommand.Invalid i) {
            return outcome("invalid", i.reason(), false);
        } else if (command instanceof DeployerCommand.Refused r) {
            return outcome("refused", r.reason(), false);
        } else if (command instanceof DeployerCommand.Ignored i) {
            return outcome("ignored", i.reason(), true);
        } else if (command instanceof DeployerCommand.ScheduledTick t) {
            return outcome("ignored", "scheduled event " + t.eventId() + " at " + t.time()
                    + " logged; releases follow Model Trained events", true);
        } else if (command instanceof DeployerCommand.Status st) {
            return new Answer(mapper.valueToTree(status.status(st.environment(), 10)), true);
        } else if (command instanceof DeployerCommand.Rollback r) {
            return result(rollbacks.rollback(r.environment(), r.toVersion(), r.trigger()));
        } else if (command instanceof DeployerCommand.AlarmRollback a) {
            return alarm(a);
        } else if (command instanceof DeployerCommand.ReleaseModel m) {
            return result(releases.release(new ReleaseRequest(m.environment(), null, null, m.modelVersion(),
                    m.manifestSha256(), m.trigger(), m.canaryWeight())));
        } else if (command instanceof DeployerCommand.ReleaseTagBuild b) {
            return releaseTag(b);
        }
        throw new IllegalStateException("unhandled deployer command " + command);
    }

    private Answer alarm(DeployerCommand.AlarmRollback alarm) {
        var environment = targets.byFunction(alarm.functionName());
        if (environment.isEmpty() || !targets.of(environment.get()).alias().equals(alarm.alias())) {
            return outcome("ignored", "alarm " + alarm.trigger().alarm() + " watches " + alarm.functionName() + ":"
                    + alarm.alias() + ", which this deployer does not release", true);
        }
        return result(rollbacks.respondToAlarm(environment.get(), alarm.functionName(), alarm.firedAt(),
                alarm.trigger()));
    }

    private Answer releaseTag(DeployerCommand.ReleaseTagBuild build) {
        CodeLocation code = build.code();
        if (code == null) {
            code = targets.of(build.environment()).codeFor(build.tag().tag()).orElse(null);
            if (code == null) {
                return outcome("refused", "no code location: the event names none and no code bucket is configured "
                        + "for " + build.environment(), false);
            }
        }
        return result(releases.release(new ReleaseRequest(build.environment(), build.tag(), code,
                build.modelVersion(), build.trigger(), build.canaryWeight())));
    }

    private Answer result(ReleaseResult result) {
        ObjectNode body = mapper.valueToTree(result.watchedBy(bake));
        body.put("status", result.duplicate() ? "duplicate" : result.entry().outcome().json());
        return new Answer(body, result.succeeded());
    }

    private Answer outcome(String status, String reason, boolean succeeded) {
        ObjectNode o = mapper.createObjectNode();
        o.put("status", status);
        o.put("reason", reason);
        return new Answer(o, succeeded);
    }
}
