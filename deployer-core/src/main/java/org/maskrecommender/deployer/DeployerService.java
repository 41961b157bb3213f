package org.maskrecommender.deployer;

import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.deployer.release.CodeLocation;
import org.maskrecommender.deployer.release.DeploymentTarget;
import org.maskrecommender.deployer.release.ReleaseRequest;
import org.maskrecommender.deployer.release.ReleaseResult;
import org.maskrecommender.deployer.release.ReleaseService;
import org.maskrecommender.deployer.release.RollbackService;
import org.maskrecommender.deployer.release.StatusService;
import org.maskrecommender.deployer.trigger.DeployerCommand;
import org.maskrecommender.deployer.trigger.EventRecognizer;
import org.maskrecommender.deployer.trigger.HttpEvent;

/**
 * The deployer function's whole behaviour, free of the Lambda runtime: recognise the event (EventBridge,
 * GitHub webhook, release workflow, operator), run it, answer. GitHub deliveries (HTTP events) get
 * HTTP answers: 200 done, 202 ignored, 400 refused or invalid, 401 bad signature.
 */
public final class DeployerService {

    private static final System.Logger LOG = System.getLogger(DeployerService.class.getName());

    private final EventRecognizer recognizer;
    private final ReleaseService releases;
    private final RollbackService rollbacks;
    private final StatusService status;
    private final Function<String, DeploymentTarget> targets;
    private final ObjectMapper mapper;

    public DeployerService(EventRecognizer recognizer, ReleaseService releases, RollbackService rollbacks,
                           StatusService status, Function<String, DeploymentTarget> targets, ObjectMapper mapper) {
        this.recognizer = recognizer;
        this.releases = releases;
        this.rollbacks = rollbacks;
        this.status = status;
        this.targets = targets;
        this.mapper = mapper;
    }

    /**
     * One invocation.
     *
     * @param response the JSON to return
     * @param succeeded whether the requested work was done (a failed or refused release is false)
     */
    public record Answer(JsonNode response, boolean succeeded) {
    }

    public Answer handle(byte[] event) {
        JsonNode root;
        try {
            root = mapper.readTree(event);
        } catch (java.io.IOException e) {
            return answer(false, 400, outcome("invalid", "malformed JSON: " + e.getMessage()), false);
        }
        boolean http = root != null && HttpEvent.isHttpEvent(root);
        // The raw bytes: the recognizer's strict parse refuses duplicate keys and trailing text.
        DeployerCommand command = recognizer.recognize(event);
        LOG.log(System.Logger.Level.INFO, () -> "deployer event: " + command.getClass().getSimpleName());
        // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed type.
        if (command instanceof DeployerCommand.Unauthorized u) {
            return answer(http, 401, outcome("unauthorized", u.reason()), false);
        } else if (command instanceof DeployerCommand.Invalid i) {
            return answer(http, 400, outcome("invalid", i.reason()), false);
        } else if (command instanceof DeployerCommand.Refused r) {
            return answer(http, 400, outcome("refused", r.reason()), false);
        } else if (command instanceof DeployerCommand.Ignored i) {
            return answer(http, 202, outcome("ignored", i.reason()), true);
        } else if (command instanceof DeployerCommand.Ping p) {
            return answer(http, 200, outcome("pong", "webhook delivery " + p.deliveryId() + " verified"), true);
        } else if (command instanceof DeployerCommand.ScheduledTick t) {
            return answer(http, 200, outcome("ignored", "scheduled event " + t.eventId() + " at " + t.time()
                    + " logged; releases follow Model Trained events"), true);
        } else if (command instanceof DeployerCommand.Status st) {
            return answer(http, 200, mapper.valueToTree(status.status(st.environment(), 10)), true);
        } else if (command instanceof DeployerCommand.Rollback r) {
            return result(http, rollbacks.rollback(r.environment(), r.toVersion(), r.trigger()));
        } else if (command instanceof DeployerCommand.ReleaseModel m) {
            return result(http, releases.release(new ReleaseRequest(m.environment(), null, null, m.modelVersion(),
                    m.trigger(), m.canaryWeight())));
        } else if (command instanceof DeployerCommand.ReleaseTagBuild b) {
            return releaseTag(http, b);
        }
        throw new IllegalStateException("unhandled deployer command " + command);
    }

    private Answer releaseTag(boolean http, DeployerCommand.ReleaseTagBuild build) {
        CodeLocation code = build.code();
        if (code == null) {
            code = targets.apply(build.environment()).codeFor(build.tag().tag()).orElse(null);
            if (code == null) {
                return answer(http, 400, outcome("refused", "no code location: the event names none and no code "
                        + "bucket is configured for " + build.environment()), false);
            }
        }
        return result(http, releases.release(new ReleaseRequest(build.environment(), build.tag(), code,
                build.modelVersion(), build.trigger(), build.canaryWeight())));
    }

    private Answer result(boolean http, ReleaseResult result) {
        ObjectNode body = mapper.valueToTree(result);
        body.put("status", result.duplicate() ? "duplicate" : result.entry().outcome().json());
        boolean ok = result.succeeded();
        return answer(http, ok || result.duplicate() ? 200 : 409, body, ok);
    }

    private ObjectNode outcome(String status, String reason) {
        ObjectNode o = mapper.createObjectNode();
        o.put("status", status);
        o.put("reason", reason);
        return o;
    }

    private Answer answer(boolean http, int statusCode, JsonNode body, boolean succeeded) {
        if (!http) {
            return new Answer(body, succeeded);
        }
        ObjectNode wrapped = mapper.createObjectNode();
        wrapped.put("statusCode", statusCode);
        wrapped.set("headers", mapper.valueToTree(Map.of("Content-Type", "application/json")));
        wrapped.put("body", body.toString());
        return new Answer(wrapped, succeeded);
    }
}
