package org.maskrecommender.deployer.release;

import java.time.Duration;
import java.util.function.Supplier;

import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Bounded exponential backoff for the two Lambda answers that mean "try again shortly": an update
 * still in progress ({@code ResourceConflictException}) and throttling. Anything else fails at once.
 *
 * @param attempts     total attempts, at least 1
 * @param firstBackoff wait before the second attempt; doubles each time
 * @param maxBackoff   the longest single wait
 * @param sleeper      how to wait (tests pass one that does not)
 */
public record RetryPolicy(int attempts, Duration firstBackoff, Duration maxBackoff, Sleeper sleeper) {

    /** Waits; an interface so tests need not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Six attempts over about 30 s: long enough for a code update to settle. */
    public static RetryPolicy standard() {
        return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(16), d -> Thread.sleep(d.toMillis()));
    }

    public <T> T call(String what, Supplier<T> operation) {
        Duration wait = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (ResourceConflictException | TooManyRequestsException e) {
                if (attempt >= attempts) {
                    throw new ReleaseException(what + " still refused after " + attempts + " attempts: "
                            + describe(e), e);
                }
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReleaseException("interrupted while retrying " + what, e);
            }
            wait = wait.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : wait.multipliedBy(2);
        }
    }

    static String describe(LambdaException e) {
        String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return code + ": " + message;
    }
}
