package org.maskrecommender.core.environment;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The deployment environments and the names that follow from them. Environments are fully separate: each has
 * its own store, its own inference and training functions, its own release tags and its own alias history, so
 * everything that names an environment (requests, events, ledger entries, manifests, tags) uses this type.
 *
 * <p>Function names here are the defaults the template creates; a deployment may name its functions otherwise
 * through configuration, never the environments themselves.
 */
public enum Environment {

    STAGING("staging", "-staging"),
    PRODUCTION("production", "");

    /** The alias every environment's inference function serves traffic through. */
    public static final String ALIAS = "live";

    private final String id;
    private final String functionSuffix;

    Environment(String id, String functionSuffix) {
        this.id = id;
        this.functionSuffix = functionSuffix;
    }

    /** The name in events, artifacts and on the command line: {@code staging} or {@code production}. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The inference function's default name, e.g. {@code mask-recommender-inference-staging}. */
    public String inferenceFunction() {
        return "mask-recommender-inference" + functionSuffix;
    }

    /** The training function's default name, e.g. {@code mask-recommender-training-staging}. */
    public String trainingFunction() {
        return "mask-recommender-training" + functionSuffix;
    }

    /** The prefix of this environment's release tags, up to and including the {@code v}. */
    public String tagPrefix() {
        return id + "-recommender-v";
    }

    /**
     * The environment of that name, exactly as {@link #id()} spells it.
     *
     * @throws UnknownEnvironmentException naming the allowed values, for anything else (null, blank, other case)
     */
    @JsonCreator
    public static Environment of(String id) {
        for (Environment environment : values()) {
            if (environment.id.equals(id)) {
                return environment;
            }
        }
        throw new UnknownEnvironmentException("unknown environment "
                + (id == null ? "(none)" : "'" + shorten(id) + "'") + ": expected " + allowed());
    }

    /**
     * A name that is not an environment. Its own type because callers answer it differently from malformed
     * input: a well-formed request for an environment that does not exist is refused, not invalid.
     */
    public static final class UnknownEnvironmentException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        public UnknownEnvironmentException(String message) {
            super(message);
        }
    }

    /** The allowed names, for messages: {@code staging or production}. */
    public static String allowed() {
        return Arrays.stream(values()).map(Environment::id).collect(Collectors.joining(" or "));
    }

    @Override
    public String toString() {
        return id;
    }

    /** At most 40 characters of a caller's input, control characters shown as '?'. */
    private static String shorten(String s) {
        return (s.length() <= 40 ? s : s.substring(0, 40) + "…").replaceAll("\\p{Cntrl}", "?");
    }
}
