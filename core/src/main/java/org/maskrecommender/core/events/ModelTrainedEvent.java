package org.maskrecommender.core.events;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.store.ModelRef;
import org.maskrecommender.core.store.ModelVersion;

/**
 * The EventBridge event training puts after it promotes a model version, and the deployer releases that version
 * on. Training writes it with {@link #detailJson}, the deployer reads it with {@link #fromDetail}: both sides of
 * the contract live here.
 * <pre>{"source": "mask-recommender.training", "detail-type": "Model Trained",
 *  "detail": {"environment": "staging", "model_version": "20261128T050012Z-3f9a1c2e",
 *             "manifest_sha256": "…64 hex…", "trigger": "schedule"}}</pre>
 *
 * @param environment    the environment whose store holds the version
 * @param modelVersion   the promoted version ({@link ModelVersion})
 * @param manifestSha256 hex sha256 of its manifest as published, so the release pins exactly that; null in
 *                       events of trainers that did not send it
 * @param trigger        what started the training run
 */
public record ModelTrainedEvent(Environment environment, String modelVersion, String manifestSha256,
                                Trigger.Type trigger) {

    /** EventBridge {@code source} of the event. */
    public static final String SOURCE = "mask-recommender.training";
    /** EventBridge {@code detail-type} of the event. */
    public static final String DETAIL_TYPE = "Model Trained";

    public ModelTrainedEvent {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(trigger, "trigger");
        if (!ModelVersion.isWellFormed(modelVersion)) {
            throw new IllegalArgumentException("detail.model_version " + quote(modelVersion) + " is not a model version "
                    + "(yyyyMMdd'T'HHmmss'Z'-<8 hex>, e.g. 20261128T050012Z-3f9a1c2e)");
        }
        if (manifestSha256 != null && !manifestSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("detail.manifest_sha256 " + quote(manifestSha256)
                    + " is not a sha256 (64 lower-case hex digits)");
        }
    }

    /** What the deployer pins, when the event names the manifest's hash. */
    public Optional<ModelRef> ref() {
        return manifestSha256 == null ? Optional.empty()
                : Optional.of(new ModelRef(modelVersion, manifestSha256));
    }

    /** The event's {@code detail}, as PutEvents takes it. */
    public String detailJson(ObjectMapper mapper) {
        return mapper.createObjectNode().put("environment", environment.id()).put("model_version", modelVersion)
                .put("manifest_sha256", manifestSha256).put("trigger", trigger.json()).toString();
    }

    /**
     * Reads the {@code detail} of a delivered event. Unknown fields are ignored (a newer trainer may add some);
     * a missing {@code trigger} is {@link Trigger.Type#MANUAL}.
     *
     * @throws Environment.UnknownEnvironmentException when {@code detail.environment} names no environment
     * @throws IllegalArgumentException                naming the field and the rule, for anything else malformed
     */
    public static ModelTrainedEvent fromDetail(JsonNode detail) {
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("the Model Trained event has no 'detail' object");
        }
        String environment = text(detail, "environment");
        if (environment == null) {
            throw new IllegalArgumentException("detail.environment is required");
        }
        Environment env;
        try {
            env = Environment.of(environment);
        } catch (Environment.UnknownEnvironmentException e) {
            throw new Environment.UnknownEnvironmentException("detail.environment: " + e.getMessage());
        }
        String version = text(detail, "model_version");
        if (version == null) {
            throw new IllegalArgumentException("detail.model_version is required");
        }
        String manifestSha256 = text(detail, "manifest_sha256");
        String trigger = text(detail, "trigger");
        Trigger.Type type;
        try {
            type = trigger == null ? Trigger.Type.MANUAL : Trigger.Type.of(trigger);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("detail." + e.getMessage(), e);
        }
        return new ModelTrainedEvent(env, version, manifestSha256, type);
    }

    private static String text(JsonNode detail, String field) {
        JsonNode node = detail.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("detail." + field + " must be a string, got "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (node.asText().isBlank()) {
            throw new IllegalArgumentException("detail." + field + " must not be blank");
        }
        return node.asText();
    }

    private static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        return "'" + (value.length() <= 80 ? value : value.substring(0, 80) + "…").replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
