package org.maskrecommender.core.store;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Which model version an environment's inference function serves, read from the deployer's ledger
 * ({@code deployments/<function>.json} in the environment's store): the model of the newest
 * successful release or rollback — that is, the {@code MODEL_VERSION} of the version alias
 * {@code live} points at, as long as the alias only moves through the deployer. Reading the ledger
 * keeps training free of any Lambda permission.
 */
public final class DeployedModel {

    private DeployedModel() {
    }

    /** Empty when nothing was ever deployed (or the ledger has no model version yet). */
    public static Optional<String> fromLedger(BlobStore store, String function, ObjectMapper mapper) {
        Optional<byte[]> ledger = store.get("deployments/" + function + ".json");
        if (ledger.isEmpty()) {
            return Optional.empty();
        }
        JsonNode entries;
        try {
            entries = mapper.readTree(ledger.get()).path("entries");
        } catch (IOException e) {
            throw new IllegalStateException("the deployment ledger " + store.describe("deployments/" + function + ".json")
                    + " is not valid JSON: " + e.getMessage(), e);
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            JsonNode e = entries.get(i);
            if ("succeeded".equals(e.path("outcome").asText()) && e.hasNonNull("model_version")) {
                return Optional.of(e.get("model_version").asText());
            }
        }
        return Optional.empty();
    }
}
