package org.maskrecommender.testkit.lambda;

import java.util.Map;

/**
 * A read-only snapshot of an alias of an emulated function.
 *
 * @param additionalVersionWeights the alias's {@code RoutingConfig.AdditionalVersionWeights}
 *        (version → share of traffic, 0..1); empty when all traffic goes to {@code functionVersion}
 */
public record AliasView(String functionName, String name, String functionVersion, String description,
        Map<String, Double> additionalVersionWeights, String revisionId) {

    public AliasView {
        additionalVersionWeights = Map.copyOf(additionalVersionWeights);
    }
}
