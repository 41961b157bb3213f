package org.maskrecommender.training.lambda;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.lambda.AwsClientSettings;

/**
 * Configuration of the training function; each key also reads the environment variable named in
 * application.properties ({@code ENVIRONMENT}, {@code MODEL_STORE}, {@code DATA_SOURCE}, …). Its S3 client is the
 * Quarkus extension's ({@code quarkus.s3.*}), its EventBridge client {@link #eventbridgeClient()}.
 */
@ConfigMapping(prefix = "mask-recommender")
public interface TrainingConfig {

    /** The one environment this function trains for. */
    @WithDefault("staging")
    Environment environment();

    /** The environment's model store: {@code s3://bucket/prefix} or a directory. */
    String modelStore();

    /** Default fit-test location; absent = the sample generator. */
    Optional<String> dataSource();

    /** Default mask catalogue location. */
    Optional<String> catalogue();

    /** Token for the app's internal export endpoint. */
    Optional<String> appToken();

    /** The environment's inference function, whose deployment ledger names the model it serves. */
    Optional<String> inferenceFunction();

    /**
     * Share of users in the frozen evaluation set (assigned by a hash of user_id, the same users every week):
     * never trained on, the rows the quality gate compares models on.
     */
    @WithDefault("0.15")
    double evaluationFraction();

    /** Quality gate: how much worse (held-out ROC AUC) a new model may be than the deployed one. */
    @WithDefault("0.01")
    double gateRocAucTolerance();

    /** Quality gate: the largest held-out expected calibration error a promoted model may have. */
    @WithDefault("0.1")
    double gateMaxCalibrationError();

    /**
     * The most fit-test rows a run reads ({@code TRAINING_MAX_ROWS}); a larger input is refused as
     * {@code input_too_large} before the function runs out of memory. Raise it only with the function's memory
     * (docs/model.md); absent = {@link org.maskrecommender.training.TrainingService#DEFAULT_MAX_ROWS}, what the
     * template's default memory trains.
     */
    Optional<Integer> maxRows();

    /** Quality gate: the floor; no model with a lower evaluation-set ROC AUC is promoted, deployed model or not. */
    @WithDefault("0.6")
    double gateMinRocAuc();

    /** Quality gate: how much worse a subgroup's ROC AUC may be than the deployed model's on the same rows. */
    @WithDefault("0.03")
    double gateSubgroupRocAucTolerance();

    /** Quality gate: subgroups with fewer evaluation rows are reported, not compared. */
    @WithDefault("200")
    int gateSubgroupMinRows();

    /** EventBridge bus for Model Trained events; absent = no event (local use). */
    Optional<String> eventBus();

    /** The EventBridge client ({@code mask-recommender.eventbridge-client.*}), used when a bus is set. */
    AwsClientSettings eventbridgeClient();

    /** Commit of the deployed code, recorded in manifests. */
    @WithDefault("unknown")
    String gitSha();
}
