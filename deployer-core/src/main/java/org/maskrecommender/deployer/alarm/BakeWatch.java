package org.maskrecommender.deployer.alarm;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.LedgerEntry;

/**
 * What watches a release once {@code live} is on it: the CloudWatch alarms on each environment's alias {@code live}
 * (named in the stack, given to the deployer by configuration), and the bake window after a release within which
 * one of them going to ALARM rolls the release back by itself. After the window an alarm is recorded and emailed,
 * and nothing moves: by then the version has served long enough that an operator decides.
 *
 * @param window how long after a release ends an alarm rolls it back (positive)
 * @param alarms per environment, the names of the alarms that watch its alias {@code live}
 */
public record BakeWatch(Duration window, Map<Environment, List<String>> alarms) {

    /** The template's default bake window. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(60);

    public BakeWatch {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the bake window must be positive, got " + window);
        }
        Map<Environment, List<String>> copy = new EnumMap<>(Environment.class);
        alarms.forEach((environment, names) -> copy.put(environment, List.copyOf(names)));
        alarms = Map.copyOf(copy);
    }

    /** The default window, no alarms named. */
    public static BakeWatch standard() {
        return new BakeWatch(DEFAULT_WINDOW, Map.of());
    }

    /**
     * What watches the version a succeeded release put {@code live} on: the environment's alarms, until the end of
     * the bake window. Empty for anything but a succeeded release.
     */
    public Optional<Watch> of(LedgerEntry entry) {
        if (entry.action() != LedgerEntry.Action.RELEASE || entry.outcome() != LedgerEntry.Outcome.SUCCEEDED) {
            return Optional.empty();
        }
        return Optional.of(new Watch(alarms.getOrDefault(entry.environment(), List.of()), until(entry)));
    }

    /** When the bake window after that release ends. */
    public Instant until(LedgerEntry release) {
        return release.time().plus(window);
    }

    /** Whether an alarm that fired at {@code firedAt} falls in the bake window after {@code release}. */
    public boolean covers(LedgerEntry release, Instant firedAt) {
        return !firedAt.isBefore(release.time()) && !firedAt.isAfter(until(release));
    }

    /**
     * @param alarms the alarms that roll the version back when they go to ALARM before {@code until}
     * @param until  the end of the bake window (UTC)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Watch(List<String> alarms, Instant until) {
    }
}
