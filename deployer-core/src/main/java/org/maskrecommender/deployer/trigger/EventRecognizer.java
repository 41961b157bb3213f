package org.maskrecommender.deployer.trigger;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.maskrecommender.core.store.ModelVersion;
import org.maskrecommender.deployer.Trigger;
import org.maskrecommender.deployer.github.WebhookSignature;
import org.maskrecommender.deployer.release.CodeLocation;
import org.maskrecommender.deployer.release.ReleaseTag;
import org.maskrecommender.deployer.trigger.DeployerCommand.Ignored;
import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.Ping;
import org.maskrecommender.deployer.trigger.DeployerCommand.Refused;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseModel;
import org.maskrecommender.deployer.trigger.DeployerCommand.ReleaseTagBuild;
import org.maskrecommender.deployer.trigger.DeployerCommand.Rollback;
import org.maskrecommender.deployer.trigger.DeployerCommand.ScheduledTick;
import org.maskrecommender.deployer.trigger.DeployerCommand.Status;
import org.maskrecommender.deployer.trigger.DeployerCommand.Unauthorized;

/**
 * Turns every event the deployer Lambda receives into one {@link DeployerCommand}. Never throws for bad
 * input: anything unusable becomes {@link Invalid}, {@link Refused}, {@link Ignored} or {@link Unauthorized}
 * with a reason naming the field or header.
 *
 * <p>Recognised shapes, checked in this order:
 * <ol>
 *   <li><b>HTTP</b> (API Gateway REST/HTTP API, Function URL; see {@link HttpEvent#isHttpEvent}): only signed
 *       GitHub webhook deliveries are accepted over HTTP. The {@code X-Hub-Signature-256} header is verified
 *       first, over the exact raw body bytes (base64-decoded when {@code isBase64Encoded}), before anything
 *       else is read; without a configured secret, or with a missing or wrong signature, the answer is
 *       {@link Unauthorized}. Then {@code X-GitHub-Event}: {@code ping} → {@link Ping};
 *       {@code workflow_run} completed with conclusion {@code success} whose {@code head_branch} is a release
 *       tag → {@link ReleaseTagBuild} (no code location: configuration supplies it); a branch, another
 *       action or conclusion, a workflow that is not a release workflow, any other event type →
 *       {@link Ignored}; a tag-like {@code head_branch} that is not a valid release tag → {@link Refused}.
 *       Bodies sent as {@code application/x-www-form-urlencoded} ({@code payload=…}) are accepted too.
 *       Operator actions are not accepted over HTTP: they come by direct (IAM-authorised) invoke.</li>
 *   <li><b>EventBridge</b> ({@code source} + {@code detail-type}): {@code mask-recommender.training} /
 *       {@code Model Trained} → {@link ReleaseModel} ({@code WEEKLY_RETRAIN} when {@code detail.trigger} is
 *       {@code schedule}, else {@code MODEL_TRAINED}; event id = the event's {@code id}; actor
 *       {@code eventbridge}); {@code aws.events} / {@code Scheduled Event} → {@link ScheduledTick}; others →
 *       {@link Ignored}.</li>
 *   <li><b>Direct invoke</b> ({@code action}): {@code deploy} with {@code tag} → {@link ReleaseTagBuild};
 *       {@code deploy} without {@code tag} → {@link ReleaseModel} ({@code MANUAL_DEPLOY});
 *       {@code rollback} → {@link Rollback}; {@code status} → {@link Status}. Unknown fields are refused
 *       (a misspelt {@code to_version} must not silently roll back to the previous version instead).</li>
 * </ol>
 * Anything else is {@link Invalid}. Environments must be in the configured set (default staging and
 * production), otherwise {@link Refused}. Thread-safe.
 */
public final class EventRecognizer {

    /** The environments a release can target unless configured otherwise. */
    public static final Set<String> DEFAULT_ENVIRONMENTS = Set.of("staging", "production");

    /** The source and detail-type of the event training publishes after a model version is written. */
    public static final String MODEL_TRAINED_SOURCE = "mask-recommender.training";
    public static final String MODEL_TRAINED_DETAIL_TYPE = "Model Trained";
    /** Actor of triggers that come from EventBridge. */
    public static final String EVENTBRIDGE_ACTOR = "eventbridge";
    /** Default actor of operator actions without an {@code actor} field. */
    public static final String OPERATOR_ACTOR = "operator";
    /** Default actor of a direct tag deploy without an {@code actor} field. */
    public static final String RELEASE_WORKFLOW_ACTOR = "release-workflow";
    /** Actor of a GitHub delivery without a sender. */
    public static final String GITHUB_ACTOR = "github";

    static final String GITHUB_EVENT_HEADER = "X-GitHub-Event";
    static final String GITHUB_DELIVERY_HEADER = "X-GitHub-Delivery";

    private static final Set<String> DEPLOY_FIELDS = Set.of("action", "tag", "environment", "code", "git_sha",
            "run_url", "model_version", "canary_weight", "event_id", "actor");
    private static final Set<String> TAG_ONLY_FIELDS = Set.of("code", "git_sha", "run_url");
    private static final Set<String> ROLLBACK_FIELDS = Set.of("action", "environment", "to_version", "actor", "event_id");
    private static final Set<String> STATUS_FIELDS = Set.of("action", "environment");
    private static final Set<String> CODE_FIELDS = Set.of("s3_bucket", "s3_key");

    /** S3 bucket naming rules, loosely (3–63 of lower-case letters, digits, dots, hyphens; legacy upper/underscore). */
    private static final Pattern S3_BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]");
    private static final Pattern GIT_SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final Pattern LAMBDA_VERSION = Pattern.compile("[1-9][0-9]{0,18}");
    private static final int MAX_ID_LENGTH = 256;

    private final WebhookSignature signature;
    private final Set<String> environments;
    private final Set<String> releaseWorkflows;
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * With the default environments and any workflow accepted as a release workflow.
     *
     * @param webhookSecret the GitHub webhook secret (UTF-8 bytes of the configured text); null or empty: none
     *                      configured, every GitHub delivery is {@link Unauthorized}
     */
    public EventRecognizer(byte[] webhookSecret) {
        this(webhookSecret, DEFAULT_ENVIRONMENTS, Set.of());
    }

    /** With the given allowed environments and any workflow accepted as a release workflow. */
    public EventRecognizer(byte[] webhookSecret, Set<String> environments) {
        this(webhookSecret, environments, Set.of());
    }

    /**
     * @param webhookSecret    see {@link #EventRecognizer(byte[])}
     * @param environments     the environments releases may target (non-empty)
     * @param releaseWorkflows workflows whose successful tag runs are releases, by name
     *                         ({@code workflow_run.name}, e.g. "Build inference") or path
     *                         ({@code .github/workflows/build.yml}, or just {@code build.yml}); empty: every
     *                         workflow. Set it when several workflows run on release tags (tests, retraining),
     *                         so only the one that uploads the code package starts a release.
     */
    public EventRecognizer(byte[] webhookSecret, Set<String> environments, Set<String> releaseWorkflows) {
        Objects.requireNonNull(environments, "environments");
        Objects.requireNonNull(releaseWorkflows, "releaseWorkflows");
        if (environments.isEmpty()) {
            throw new IllegalArgumentException("at least one environment must be allowed");
        }
        this.signature = new WebhookSignature(webhookSecret);
        this.environments = Set.copyOf(environments);
        this.releaseWorkflows = Set.copyOf(releaseWorkflows);
    }

    /** The allowed environments. */
    public Set<String> environments() {
        return environments;
    }

    /** Parses the raw event JSON, then {@link #recognize(JsonNode)}; malformed JSON is {@link Invalid}. */
    public DeployerCommand recognize(byte[] eventJson) {
        if (eventJson == null || eventJson.length == 0) {
            return new Invalid("empty event: expected a JSON object");
        }
        JsonNode event;
        try {
            event = mapper.readTree(eventJson);
        } catch (IOException e) {
            return new Invalid("malformed JSON event: " + shortMessage(e));
        }
        return recognize(event);
    }

    /** Recognises one event; see the class comment. */
    public DeployerCommand recognize(JsonNode event) {
        try {
            if (event == null || event.isMissingNode() || event.isNull()) {
                throw invalid("empty event: expected a JSON object");
            }
            if (!event.isObject()) {
                throw invalid("the event is not a JSON object");
            }
            if (HttpEvent.isHttpEvent(event)) {
                return fromHttp(HttpEvent.of(event));
            }
            if (event.has("detail-type") && event.has("source")) {
                return fromEventBridge(event);
            }
            if (event.has("action")) {
                return fromDirectInvoke(event);
            }
            throw invalid("unrecognised event: expected an EventBridge event (source, detail-type), a GitHub "
                    + "webhook delivery over HTTP, or a direct invoke with \"action\" (deploy, rollback, status)");
        } catch (Rejection r) {
            return r.command;
        }
    }

    // ---------------------------------------------------------------- GitHub over HTTP

    private DeployerCommand fromHttp(HttpEvent http) {
        if (!signature.configured()) {
            return new Unauthorized(WebhookSignature.Result.NO_SECRET.reason());
        }
        List<String> signatures = http.headerValues(WebhookSignature.HEADER);
        if (signatures.size() > 1) {
            return new Unauthorized("several different " + WebhookSignature.HEADER + " headers");
        }
        byte[] body;
        try {
            body = http.rawBody();
        } catch (IllegalArgumentException e) {
            return new Unauthorized(e.getMessage() + ", so its signature cannot be verified");
        }
        WebhookSignature.Result result = signature.check(signatures.isEmpty() ? null : signatures.get(0), body);
        if (!result.valid()) {
            return new Unauthorized(result.reason());
        }

        String eventType = http.header(GITHUB_EVENT_HEADER);
        if (eventType == null || eventType.isBlank()) {
            throw invalid("missing " + GITHUB_EVENT_HEADER + " header: over HTTP only GitHub webhook deliveries "
                    + "are accepted");
        }
        String deliveryId = http.header(GITHUB_DELIVERY_HEADER);
        if (deliveryId != null && (deliveryId.isBlank() || deliveryId.length() > MAX_ID_LENGTH)) {
            throw invalid(GITHUB_DELIVERY_HEADER + " header is blank or too long");
        }
        JsonNode payload = githubPayload(http, body);
        switch (eventType.strip()) {
            case "ping":
                return new Ping(deliveryId);
            case "workflow_run":
                return workflowRun(payload, deliveryId);
            default:
                return new Ignored("GitHub event " + quote(eventType) + " is not handled (only workflow_run and ping)");
        }
    }

    private JsonNode githubPayload(HttpEvent http, byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        String contentType = http.header("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            json = null;
            for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
                if (pair.startsWith("payload=")) {
                    try {
                        json = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw invalid("the form-encoded webhook body has a malformed 'payload' parameter");
                    }
                    break;
                }
            }
            if (json == null) {
                throw invalid("the form-encoded webhook body has no 'payload' parameter");
            }
        }
        if (json.isBlank()) {
            throw invalid("the webhook body is empty: expected the delivery's JSON payload");
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("malformed JSON in the webhook body: " + shortMessage(e));
        }
        if (payload == null || !payload.isObject()) {
            throw invalid("the webhook body is not a JSON object");
        }
        return payload;
    }

    private DeployerCommand workflowRun(JsonNode payload, String deliveryId) {
        String action = optionalText(payload, "action", "action");
        if (!"completed".equals(action)) {
            return new Ignored("workflow_run action " + quote(action) + " is not 'completed'");
        }
        JsonNode run = payload.get("workflow_run");
        if (run == null || !run.isObject()) {
            throw invalid("workflow_run delivery has no 'workflow_run' object");
        }
        String name = optionalText(run, "name", "workflow_run.name");
        String conclusion = optionalText(run, "conclusion", "workflow_run.conclusion");
        if (!"success".equals(conclusion)) {
            return new Ignored("workflow run " + quote(name) + " concluded " + quote(conclusion) + ", not 'success'");
        }
        String path = optionalText(run, "path", "workflow_run.path");
        if (!isReleaseWorkflow(name, path)) {
            return new Ignored("workflow " + quote(name) + " (" + quote(path) + ") is not a release workflow");
        }
        // Only a tag push in this repository releases: a fork's pull request can name its branch like a tag.
        String triggeredBy = optionalText(run, "event", "workflow_run.event");
        if (triggeredBy != null && !"push".equals(triggeredBy)) {
            return new Ignored("workflow run " + quote(name) + " was triggered by " + quote(triggeredBy) + ", not a push");
        }
        String headRepository = run.path("head_repository").path("full_name").asText(null);
        String repository = payload.path("repository").path("full_name").asText(null);
        if (headRepository != null && repository != null && !headRepository.equals(repository)) {
            return new Ignored("workflow run " + quote(name) + " ran on " + quote(headRepository) + ", not on "
                    + quote(repository));
        }
        String headBranch = optionalText(run, "head_branch", "workflow_run.head_branch");
        if (!ReleaseTag.looksLikeReleaseTag(headBranch)) {
            return new Ignored("workflow_run.head_branch " + quote(headBranch) + " is not a release tag");
        }
        ReleaseTag tag = tag(headBranch, "workflow_run.head_branch");
        if (deliveryId == null) {
            throw invalid("missing " + GITHUB_DELIVERY_HEADER + " header: it identifies the delivery so a "
                    + "redelivery is not released twice");
        }
        String gitSha = gitSha(run, "head_sha", "workflow_run.head_sha");
        String runUrl = url(run, "html_url", "workflow_run.html_url");
        String actor = login(payload.get("sender"));
        if (actor == null) {
            actor = login(run.get("triggering_actor"));
        }
        if (actor == null) {
            actor = login(run.get("actor"));
        }
        return new ReleaseTagBuild(tag, null, gitSha, runUrl, null, null, deliveryId,
                actor == null ? GITHUB_ACTOR : actor);
    }

    private boolean isReleaseWorkflow(String name, String path) {
        if (releaseWorkflows.isEmpty()) {
            return true;
        }
        for (String workflow : releaseWorkflows) {
            if (workflow.equals(name) || workflow.equals(path) || (path != null && path.endsWith("/" + workflow))) {
                return true;
            }
        }
        return false;
    }

    private static String login(JsonNode user) {
        if (user == null || !user.isObject()) {
            return null;
        }
        JsonNode login = user.get("login");
        return login != null && login.isTextual() && !login.asText().isBlank() ? login.asText() : null;
    }

    // ---------------------------------------------------------------- EventBridge

    private DeployerCommand fromEventBridge(JsonNode event) {
        String source = requiredText(event, "source", "source");
        String detailType = requiredText(event, "detail-type", "detail-type");
        if ("aws.events".equals(source) && "Scheduled Event".equals(detailType)) {
            List<String> resources = new ArrayList<>();
            JsonNode r = event.get("resources");
            if (r != null && r.isArray()) {
                r.forEach(node -> {
                    if (node.isTextual()) {
                        resources.add(node.asText());
                    }
                });
            }
            return new ScheduledTick(optionalText(event, "id", "id"), optionalText(event, "time", "time"), resources);
        }
        if (MODEL_TRAINED_SOURCE.equals(source) && MODEL_TRAINED_DETAIL_TYPE.equals(detailType)) {
            return modelTrained(event);
        }
        return new Ignored("EventBridge event " + quote(detailType) + " from " + quote(source) + " is not handled");
    }

    private DeployerCommand modelTrained(JsonNode event) {
        String id = requiredText(event, "id", "id");
        if (id.length() > MAX_ID_LENGTH) {
            throw invalid("id is too long");
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw invalid("the Model Trained event has no 'detail' object");
        }
        String environment = environment(detail, "environment", "detail.environment");
        String modelVersion = modelVersion(detail, "model_version", "detail.model_version");
        if (modelVersion == null) {
            throw invalid("detail.model_version is required");
        }
        String how = optionalText(detail, "trigger", "detail.trigger");
        Trigger.Type type = "schedule".equals(how) ? Trigger.Type.WEEKLY_RETRAIN : Trigger.Type.MODEL_TRAINED;
        return new ReleaseModel(environment, modelVersion, new Trigger(type, id, EVENTBRIDGE_ACTOR, null, null, null));
    }

    // ---------------------------------------------------------------- direct invoke

    private DeployerCommand fromDirectInvoke(JsonNode event) {
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
                return new Status(environment(event, "environment", "environment"));
            default:
                throw invalid("unknown action " + quote(action) + "; expected deploy, rollback or status");
        }
    }

    private DeployerCommand deployTag(JsonNode event) {
        ReleaseTag tag = tag(requiredText(event, "tag", "tag"), "tag");
        String environment = optionalText(event, "environment", "environment");
        if (environment != null && !environment.equals(tag.environment())) {
            throw refused("tag " + quote(tag.tag()) + " deploys to " + tag.environment() + " but environment says "
                    + quote(environment) + "; the tag's prefix decides the environment");
        }
        CodeLocation code = code(event.get("code"));
        String gitSha = gitSha(event, "git_sha", "git_sha");
        String runUrl = url(event, "run_url", "run_url");
        String modelVersion = modelVersion(event, "model_version", "model_version");
        Double canary = canaryWeight(event);
        String eventId = id(event, "event_id");
        String actor = id(event, "actor");
        return new ReleaseTagBuild(tag, code, gitSha, runUrl, modelVersion, canary, eventId,
                actor == null ? RELEASE_WORKFLOW_ACTOR : actor);
    }

    private DeployerCommand deployModel(JsonNode event) {
        for (String field : TAG_ONLY_FIELDS) {
            if (hasValue(event, field)) {
                throw invalid(field + " is only accepted with tag (a code release); a deploy without tag is a "
                        + "model-only release");
            }
        }
        String environment = environment(event, "environment", "environment");
        String modelVersion = modelVersion(event, "model_version", "model_version");
        if (modelVersion == null) {
            throw invalid("a deploy needs tag (a code release) or model_version (a model-only release)");
        }
        Double canary = canaryWeight(event);
        String eventId = id(event, "event_id");
        String actor = id(event, "actor");
        Trigger trigger = new Trigger(Trigger.Type.MANUAL_DEPLOY, eventId, actor == null ? OPERATOR_ACTOR : actor,
                null, null, null);
        return new ReleaseModel(environment, modelVersion, trigger, canary);
    }

    private DeployerCommand rollback(JsonNode event) {
        String environment = environment(event, "environment", "environment");
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
        String eventId = id(event, "event_id");
        String actor = id(event, "actor");
        Trigger trigger = new Trigger(Trigger.Type.MANUAL_ROLLBACK, eventId, actor == null ? OPERATOR_ACTOR : actor,
                null, null, null);
        return new Rollback(environment, toVersion, trigger);
    }

    private CodeLocation code(JsonNode code) {
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

    private Double canaryWeight(JsonNode event) {
        JsonNode weight = event.get("canary_weight");
        if (weight == null || weight.isNull()) {
            return null;
        }
        if (!weight.isNumber() || !(weight.asDouble() > 0.0 && weight.asDouble() < 1.0)) {
            throw invalid("canary_weight must be a number strictly between 0 and 1, got " + quote(weight.toString()));
        }
        return weight.asDouble();
    }

    // ---------------------------------------------------------------- shared field rules

    private ReleaseTag tag(String value, String path) {
        ReleaseTag tag;
        try {
            tag = ReleaseTag.parse(value);
        } catch (ReleaseTag.InvalidTagException e) {
            throw refused(path + ": " + e.getMessage());
        }
        if (!environments.contains(tag.environment())) {
            throw refused(path + ": tag " + quote(tag.tag()) + " deploys to " + tag.environment()
                    + ", which is not an allowed environment here (" + allowed() + ")");
        }
        return tag;
    }

    private String environment(JsonNode obj, String field, String path) {
        String environment = requiredText(obj, field, path);
        if (!environments.contains(environment)) {
            throw refused(path + " " + quote(environment) + " is not an allowed environment (" + allowed() + ")");
        }
        return environment;
    }

    private static String modelVersion(JsonNode obj, String field, String path) {
        String version = optionalText(obj, field, path);
        if (version != null && !ModelVersion.isWellFormed(version)) {
            throw invalid(path + " " + quote(version) + " is not a model version (yyyyMMdd'T'HHmmss'Z'-<8 hex>, "
                    + "e.g. 20261128T050012Z-3f9a1c2e)");
        }
        return version;
    }

    private static String gitSha(JsonNode obj, String field, String path) {
        String sha = optionalText(obj, field, path);
        if (sha != null && !GIT_SHA.matcher(sha).matches()) {
            throw invalid(path + " " + quote(sha) + " is not a git commit sha (7 to 64 hex digits)");
        }
        return sha;
    }

    private static String url(JsonNode obj, String field, String path) {
        String url = optionalText(obj, field, path);
        if (url != null && !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw invalid(path + " " + quote(url) + " is not an http(s) URL");
        }
        return url;
    }

    /** An optional identifier-like text (event id, actor): non-blank and at most {@value #MAX_ID_LENGTH} chars. */
    private static String id(JsonNode obj, String field) {
        String value = optionalText(obj, field, field);
        if (value != null && value.length() > MAX_ID_LENGTH) {
            throw invalid(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    private static String requiredText(JsonNode obj, String field, String path) {
        String value = optionalText(obj, field, path);
        if (value == null) {
            throw invalid(path + " is required");
        }
        return value;
    }

    /** Null when absent or JSON null; refuses non-strings and blank strings. */
    private static String optionalText(JsonNode obj, String field, String path) {
        JsonNode node = obj.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(path + " must be a string, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (node.asText().isBlank()) {
            throw invalid(path + " must not be blank");
        }
        return node.asText();
    }

    private static boolean hasValue(JsonNode obj, String field) {
        JsonNode node = obj.get(field);
        return node != null && !node.isNull();
    }

    private static void checkFields(JsonNode obj, Set<String> allowed, String what) {
        for (Iterator<String> names = obj.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid("unknown field " + quote(name) + " in " + what + "; accepted: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private String allowed() {
        return String.join(", ", new TreeSet<>(environments));
    }

    /** Quotes a caller-supplied value for a message, shortened so a reason stays one readable line. */
    private static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        String shown = value.length() <= 80 ? value : value.substring(0, 80) + "…";
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static String shortMessage(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    private static Rejection invalid(String reason) {
        return new Rejection(new Invalid(reason));
    }

    private static Rejection refused(String reason) {
        return new Rejection(new Refused(reason));
    }

    /** Ends recognition early with a rejection; never escapes {@link #recognize(JsonNode)}. */
    private static final class Rejection extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient DeployerCommand command;

        Rejection(DeployerCommand command) {
            super(null, null, false, false);
            this.command = command;
        }
    }
}
