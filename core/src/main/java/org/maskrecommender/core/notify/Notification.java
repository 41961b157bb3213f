package org.maskrecommender.core.notify;

/**
 * An email about a release or rollback.
 *
 * @param subject one line: environment, action, outcome, versions
 * @param body    plain text with every detail an on-call engineer needs
 */
public record Notification(String subject, String body) {
}
