package org.maskrecommender.core.notify;

/**
 * Sends release notifications. Implementations throw on failure; the deployer catches and logs it,
 * because a notification failure must never fail or repeat a release.
 */
@FunctionalInterface
public interface Notifier {

    void send(Notification notification);
}
