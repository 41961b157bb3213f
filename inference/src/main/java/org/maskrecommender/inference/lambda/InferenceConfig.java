package org.maskrecommender.inference.lambda;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.inference.InferenceRequest;

/** Configuration of the inference function (environment variables named in application.properties). */
@ConfigMapping(prefix = "mask-recommender")
public interface InferenceConfig {

    /** The environment this function serves; a model of another environment is refused. */
    @WithDefault("staging")
    Environment environment();

    /** The environment's model store: {@code s3://bucket/prefix} or a directory. */
    String modelStore();

    /** The model version this Lambda version is pinned to ({@code MODEL_VERSION}); absent = latest. */
    Optional<String> modelVersion();

    /** The sha256 of that version's manifest ({@code MODEL_MANIFEST_SHA256}); required with a pinned version. */
    Optional<String> modelManifestSha256();

    /** How long a failed model load is answered from memory before the store is asked again (then doubling). */
    @WithDefault("PT1S")
    Duration modelLoadBackoff();

    /**
     * The response format of a request without {@code response_format} ({@code DEFAULT_RESPONSE_FORMAT}):
     * {@code default}, or {@code breathesafe} for a deployment serving the Breathesafe app, whose client never asks
     * for a format and parses only the legacy shape. Any other value stops the function from starting.
     */
    @WithDefault("default")
    InferenceRequest.ResponseFormat defaultResponseFormat();
}
