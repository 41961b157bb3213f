package org.maskrecommender.deployer.trigger;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.store.ModelVersion;
import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.Refused;

/**
 * The field rules every event shape shares: required and optional strings, identifiers, environments, model
 * versions, URLs, unknown fields. A broken rule ends recognition with a {@link Rejection} carrying an
 * {@link Invalid} or {@link Refused} command whose reason names the field by its path.
 */
final class EventFields {

    static final int MAX_ID_LENGTH = 256;
    private static final Pattern GIT_SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

    private EventFields() {
    }

    /**
     * The environment a field names, which must also be one this deployer is configured for.
     *
     * @throws Rejection {@link Invalid} when missing or not a string, {@link Refused} for an unknown or
     *                   unconfigured environment
     */
    static Environment environment(JsonNode obj, String field, String path, Set<Environment> allowed) {
        String name = requiredText(obj, field, path);
        Environment environment;
        try {
            environment = Environment.of(name);
        } catch (Environment.UnknownEnvironmentException e) {
            throw refused(path + " " + quote(name) + " is not an allowed environment (" + allowed(allowed) + ")");
        }
        return checkAllowed(environment, path, allowed);
    }

    static Environment checkAllowed(Environment environment, String path, Set<Environment> allowed) {
        if (!allowed.contains(environment)) {
            throw refused(path + " " + quote(environment.id()) + " is not an allowed environment here ("
                    + allowed(allowed) + ")");
        }
        return environment;
    }

    static String modelVersion(JsonNode obj, String field, String path) {
        String version = optionalText(obj, field, path);
        if (version != null && !ModelVersion.isWellFormed(version)) {
            throw invalid(path + " " + quote(version) + " is not a model version (yyyyMMdd'T'HHmmss'Z'-<8 hex>, "
                    + "e.g. 20261128T050012Z-3f9a1c2e)");
        }
        return version;
    }

    static String gitSha(JsonNode obj, String field) {
        String sha = optionalText(obj, field, field);
        if (sha != null && !GIT_SHA.matcher(sha).matches()) {
            throw invalid(field + " " + quote(sha) + " is not a git commit sha (7 to 64 hex digits)");
        }
        return sha;
    }

    static String url(JsonNode obj, String field) {
        String url = optionalText(obj, field, field);
        if (url != null && !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw invalid(field + " " + quote(url) + " is not an http(s) URL");
        }
        return url;
    }

    /** An optional identifier-like text (event id, actor): non-blank and at most {@value #MAX_ID_LENGTH} chars. */
    static String id(JsonNode obj, String field) {
        String value = optionalText(obj, field, field);
        if (value != null && value.length() > MAX_ID_LENGTH) {
            throw invalid(field + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    static String requiredText(JsonNode obj, String field, String path) {
        String value = optionalText(obj, field, path);
        if (value == null) {
            throw invalid(path + " is required");
        }
        return value;
    }

    /** Null when absent or JSON null; refuses non-strings and blank strings. */
    static String optionalText(JsonNode obj, String field, String path) {
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

    static boolean hasValue(JsonNode obj, String field) {
        JsonNode node = obj.get(field);
        return node != null && !node.isNull();
    }

    /** Refuses fields outside {@code allowed}: a misspelt field must not silently mean its default. */
    static void checkFields(JsonNode obj, Set<String> allowed, String what) {
        for (Iterator<String> names = obj.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid("unknown field " + quote(name) + " in " + what + "; accepted: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /** Quotes a caller-supplied value for a message, shortened so a reason stays one readable line. */
    static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        String shown = value.length() <= 80 ? value : value.substring(0, 80) + "…";
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    static Rejection invalid(String reason) {
        return new Rejection(new Invalid(reason));
    }

    static Rejection refused(String reason) {
        return new Rejection(new Refused(reason));
    }

    private static String allowed(Set<Environment> allowed) {
        TreeSet<String> names = new TreeSet<>();
        allowed.forEach(e -> names.add(e.id()));
        return String.join(", ", names);
    }

    /** Ends recognition early with a rejection; never escapes {@link EventRecognizer#recognize(byte[])}. */
    static final class Rejection extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient DeployerCommand command;

        Rejection(DeployerCommand command) {
            super(null, null, false, false);
            this.command = command;
        }

        DeployerCommand command() {
            return command;
        }
    }
}
