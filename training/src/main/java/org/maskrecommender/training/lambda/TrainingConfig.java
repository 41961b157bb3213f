package org.maskrecommender.training.lambda;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the training function; each key also reads the environment variable named in
 * application.properties ({@code ENVIRONMENT}, {@code MODEL_STORE}, {@code DATA_SOURCE}, …).
 */
@ConfigMapping(prefix = "mask-recommender")
public interface TrainingConfig {

    /** The one environment this function trains for. */
    @WithDefault("staging")
    String environment();

    /** The environment's model store: {@code s3://bucket/prefix} or a directory. */
    String modelStore();

    /** Default fit-test location; absent = the sample generator. */
    Optional<String> dataSource();

    /** Default mask catalogue location. */
    Optional<String> catalogue();

    /** Token for the app's internal export endpoint. */
    Optional<String> appToken();

    /** Commit of the deployed code, recorded in manifests. */
    @WithDefault("unknown")
    String gitSha();
}
