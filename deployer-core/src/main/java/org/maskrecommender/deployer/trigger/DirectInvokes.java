package org.maskrecommender.deployer.trigger;

import static org.maskrecommender.deployer.trigger.EventFields.checkFields;
import static org.maskrecommender.deployer.trigger.EventFields.environment;
import static org.maskrecommender.deployer.trigger.EventFields.hasValue;
import static org.maskrecommender.deployer.trigger.EventFields.id;
import static org.maskrecommender.deployer.trigger.EventFields.invalid;
import static org.maskrecommender.deployer.trigger.EventFields.optionalText;
import static org.maskrecommender.deployer.trigger.EventFields.quote;
import static org.maskrecommender.deployer.trigger.EventFields.refused;
import static org.maskrecommender.deployer.trigger.EventFields.requiredText;

import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.release.CodeLocation;
import org.maskrecommender.deployer.release.ReleaseTag;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseModel;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseTagBuild;
import org.maskrecommender.deployer.trigger.DeployerCommand.Rollback;
import org.maskrecommender.deployer.trigger.DeployerCommand.Status;

/**
 * Direct invokes ({@code {"action": …}}), from the release workflow (with OIDC credentials) and from operators:
 * {@code deploy} with {@code tag} → {@link ReleaseTagBuild}; {@code deploy} without {@code tag} →
 * {@link ReleaseModel}; {@code rollback} → {@link Rollback}; {@code status} → {@link Status}. Unknown fields are
 * refused: a misspelt {@code to_version} must not silently roll back to the previous version instead.
 */
final class DirectInvokes {

    /** Default actor of operator actions without an {@code actor} field. */
    static final String OPERATOR_ACTOR = "operator";
    /** Default actor of a tag deploy without an {@code actor} field. */
    static final String RELEASE_WORKFLOW_ACTOR = "release-workflow";

    private static final Set<String> DEPLOY_FIELDS = Set.of("action", "tag", "environment", "code", "git_sha",
            "run_url", "model_version", "canary_weight", "event_id", "actor");
    private static final Set<String> TAG_ONLY_FIELDS = Set.of("code", "git_sha", "run_url");
    private static final Set<String> ROLLBACK_FIELDS = Set.of("action", "environment", "to_version", "actor", "event_id");
    private static final Set<String> STATUS_FIELDS = Set.of("action", "environment");
    private static final Set<String> CODE_FIELDS = Set.of("s3_bucket", "s3_key");

    /** S3 bucket naming rules, loosely (3–63 of lower-case letters, digits, dots, hyphens; legacy upper/underscore). */
    private static final Pattern S3_BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]");
    private static final Pattern LAMBDA_VERSION = Pattern.compile("[1-9][0-9]{0,18}");

    private final Set<Environment> environments;

    DirectInvokes(Set<Environment> environments) {
        this.environments = Set.copyOf(environments);
    }

    DeployerCommand recognize(JsonNode event) {
        String action = requiredText(event, "action", "action");
        switch (action) {
            case "deploy":
                checkFields(event, DEPLOY_FIELDS, "a deploy action");
                return hasValue(event, "tag") ? deployTag(event) : deployModel(event);
            case "rollback":
                checkFields(event, ROLLBACK_FIELDS, "a rollback action");
                return rollback(event);
            case "status":
                checkFields(event, STATUS_FIELDS, "a status action");
                return new Status(environment(event, "environment", "environment", environments));
            default:
                throw invalid("unknown action " + quote(action) + "; expected deploy, rollback or status");
        }
    }

    private DeployerCommand deployTag(JsonNode event) {
        ReleaseTag tag = tag(requiredText(event, "tag", "tag"));
        String environment = optionalText(event, "environment", "environment");
        if (environment != null && !environment.equals(tag.environment().id())) {
            throw refused("tag " + quote(tag.tag()) + " deploys to " + tag.environment() + " but environment says "
                    + quote(environment) + "; the tag's prefix decides the environment");
        }
        return new ReleaseTagBuild(tag, code(event.get("code")), EventFields.gitSha(event, "git_sha"),
                EventFields.url(event, "run_url"), EventFields.modelVersion(event, "model_version", "model_version"),
                canaryWeight(event), id(event, "event_id"), actor(event, RELEASE_WORKFLOW_ACTOR));
    }

    private DeployerCommand deployModel(JsonNode event) {
        for (String field : TAG_ONLY_FIELDS) {
            if (hasValue(event, field)) {
                throw invalid(field + " is only accepted with tag (a code release); a deploy without tag is a "
                        + "model-only release");
            }
        }
        Environment environment = environment(event, "environment", "environment", environments);
        String modelVersion = EventFields.modelVersion(event, "model_version", "model_version");
        if (modelVersion == null) {
            throw invalid("a deploy needs tag (a code release) or model_version (a model-only release)");
        }
        Double canary = canaryWeight(event);
        Trigger trigger = new Trigger(Trigger.Type.MANUAL, id(event, "event_id"), actor(event, OPERATOR_ACTOR), null,
                null, null);
        return new ReleaseModel(environment, modelVersion, null, trigger, canary);
    }

    private DeployerCommand rollback(JsonNode event) {
        Environment environment = environment(event, "environment", "environment", environments);
        String toVersion = null;
        JsonNode to = event.get("to_version");
        if (to != null && !to.isNull()) {
            if (to.isTextual()) {
                toVersion = to.asText();
            } else if (to.isIntegralNumber() && to.canConvertToLong()) {
                toVersion = Long.toString(to.asLong());
            }
            if (toVersion == null || !LAMBDA_VERSION.matcher(toVersion).matches()) {
                throw invalid("to_version must be a Lambda version number (1, 2, …), got " + quote(to.toString()));
            }
        }
        Trigger trigger = new Trigger(Trigger.Type.MANUAL, id(event, "event_id"), actor(event, OPERATOR_ACTOR), null,
                null, null);
        return new Rollback(environment, toVersion, trigger);
    }

    private ReleaseTag tag(String value) {
        ReleaseTag tag;
        try {
            tag = ReleaseTag.parse(value);
        } catch (ReleaseTag.InvalidTagException e) {
            throw refused("tag: " + e.getMessage());
        }
        EventFields.checkAllowed(tag.environment(), "tag " + quote(tag.tag()) + ": its environment", environments);
        return tag;
    }

    private static String actor(JsonNode event, String fallback) {
        String actor = id(event, "actor");
        return actor == null ? fallback : actor;
    }

    private static CodeLocation code(JsonNode code) {
        if (code == null || code.isNull()) {
            return null;
        }
        String bucket;
        String key;
        if (code.isTextual()) {
            String uri = code.asText();
            int slash = uri.startsWith("s3://") ? uri.indexOf('/', "s3://".length()) : -1;
            if (slash < 0) {
                throw invalid("code " + quote(uri) + " is not an s3://bucket/key location");
            }
            bucket = uri.substring("s3://".length(), slash);
            key = uri.substring(slash + 1);
        } else if (code.isObject()) {
            checkFields(code, CODE_FIELDS, "code");
            bucket = requiredText(code, "s3_bucket", "code.s3_bucket");
            key = requiredText(code, "s3_key", "code.s3_key");
        } else {
            throw invalid("code must be an object {\"s3_bucket\": …, \"s3_key\": …} or an s3://bucket/key string");
        }
        if (!S3_BUCKET.matcher(bucket).matches()) {
            throw invalid("code: " + quote(bucket) + " is not an S3 bucket name");
        }
        if (key.isBlank() || key.startsWith("/") || key.endsWith("/")) {
            throw invalid("code: " + quote(key) + " is not an S3 object key (non-empty, no leading or trailing '/')");
        }
        return new CodeLocation(bucket, key);
    }

    private static Double canaryWeight(JsonNode event) {
        JsonNode weight = event.get("canary_weight");
        if (weight == null || weight.isNull()) {
            return null;
        }
        if (!weight.isNumber() || !(weight.asDouble() > 0.0 && weight.asDouble() < 1.0)) {
            throw invalid("canary_weight must be a number strictly between 0 and 1, got " + quote(weight.toString()));
        }
        return weight.asDouble();
    }
}
