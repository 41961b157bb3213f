package org.maskrecommender.deployer.release;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.maskrecommender.core.environment.Environment;

/** The environments this deployer (Lambda or command line) is configured for, and where each lives. */
public final class DeploymentTargets {

    private final Map<Environment, DeploymentTarget> targets = new EnumMap<>(Environment.class);

    /**
     * @throws IllegalArgumentException when empty or when an environment appears twice
     */
    public DeploymentTargets(Collection<DeploymentTarget> targets) {
        for (DeploymentTarget target : targets) {
            if (this.targets.put(target.environment(), target) != null) {
                throw new IllegalArgumentException("environment " + target.environment() + " is configured twice");
            }
        }
        if (this.targets.isEmpty()) {
            throw new IllegalArgumentException("no environment is configured");
        }
    }

    /** @throws IllegalArgumentException for an environment this deployer is not configured for */
    public DeploymentTarget of(Environment environment) {
        DeploymentTarget target = targets.get(environment);
        if (target == null) {
            throw new IllegalArgumentException("environment " + environment + " is not configured here (configured: "
                    + environments() + ")");
        }
        return target;
    }

    /** The environment whose inference function has that name, if any. */
    public Optional<Environment> byFunction(String functionName) {
        return targets.values().stream().filter(t -> t.functionName().equals(functionName))
                .map(DeploymentTarget::environment).findFirst();
    }

    public Set<Environment> environments() {
        return Set.copyOf(targets.keySet());
    }
}
