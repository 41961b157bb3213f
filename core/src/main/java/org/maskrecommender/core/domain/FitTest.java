package org.maskrecommender.core.domain;

/**
 * One clean fit test, ready to train on: one user trying one mask.
 *
 * @param userId          the app's user id (the grouping key for user-grouped splits)
 * @param mask            the mask tried
 * @param face            the user's facial measurements at the time of the test
 * @param passed          the qualitative fit test ({@code qlft_pass}) result
 * @param sourceFitTestId the app's fit-test id, null when the export has none
 */
public record FitTest(long userId, Mask mask, FacialMeasurements face, boolean passed, String sourceFitTestId) {
}
