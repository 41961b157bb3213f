package org.maskrecommender.deployer.release;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.store.BlobStore;

/** Where an environment stands: the alias, its routing, the model it serves, and the last ledger entries. */
public final class StatusService {

    private final DeploymentTargets targets;
    private final Function<String, BlobStore> stores;
    private final LambdaOperations lambda;
    private final ObjectMapper mapper;

    public StatusService(DeploymentTargets targets, Function<String, BlobStore> stores,
                         LambdaOperations lambda, ObjectMapper mapper) {
        this.targets = targets;
        this.stores = stores;
        this.lambda = lambda;
        this.mapper = mapper;
    }

    /**
     * @param environment   staging or production
     * @param function      the inference function
     * @param alias         the alias name
     * @param aliasVersion  the version it points at (null when the alias does not exist)
     * @param routing       weighted extra versions (canary), empty normally
     * @param modelVersion  MODEL_VERSION of that version
     * @param releaseRecord RELEASE_RECORD of that version
     * @param lastEntries   the latest ledger entries, newest last
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Status(Environment environment, String function, String alias, String aliasVersion,
                         Map<String, Double> routing, String modelVersion, String releaseRecord,
                         List<LedgerEntry> lastEntries) {
    }

    public Status status(Environment environment, int entries) {
        DeploymentTarget target = targets.of(environment);
        var alias = lambda.alias(target.functionName(), target.alias());
        String version = alias.map(LambdaOperations.AliasState::version).orElse(null);
        var config = version == null ? null : lambda.configuration(target.functionName(), version).orElse(null);
        Ledger ledger = new Ledger(stores.apply(target.modelStore()), target.functionName(), mapper);
        return new Status(environment, target.functionName(), target.alias(), version,
                alias.map(LambdaOperations.AliasState::routing).orElse(Map.of()),
                config == null ? null : config.environment().get(ReleaseService.MODEL_VERSION_VARIABLE),
                config == null ? null : config.environment().get(ReleaseService.RELEASE_RECORD_VARIABLE),
                ledger.snapshot().last(entries));
    }
}
