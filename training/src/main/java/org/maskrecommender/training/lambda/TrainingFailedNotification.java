package org.maskrecommender.training.lambda;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.notify.Notification;

/** The email about a failed training run: what failed, why, and what to do. */
final class TrainingFailedNotification {

    private TrainingFailedNotification() {
    }

    /**
     * @param environment the function's environment
     * @param trigger     the event's trigger as sent ({@code schedule}, {@code tag}, {@code manual}; null = none)
     * @param requestId   the Lambda request id, to find the run's log
     * @param failure     the failure the function ends with
     */
    static Notification compose(Environment environment, String trigger, String requestId, TrainingFailure failure) {
        boolean published = TrainingFailure.EVENT_FAILED.equals(failure.code());
        String subject = "[mask-recommender] " + environment + " training failed [" + failure.code() + "]";
        StringBuilder body = new StringBuilder();
        body.append("A training run of ").append(environment).append(" (trigger: ")
                .append(trigger == null ? "none given" : trigger).append(") failed with ").append(failure.code())
                .append(".\n\n").append(failure.getMessage()).append("\n\n");
        if (published) {
            body.append("The version is published and latest.json names it, but the deployer was not told, so it "
                    + "is not released. Release it by hand: invoke the deployer with {\"action\": \"deploy\", "
                    + "\"environment\": \"").append(environment)
                    .append("\", \"model_version\": \"<the version above>\"}.\n");
        } else {
            body.append("Nothing was promoted: the environment keeps serving its current model. Fix the cause and "
                    + "retrain (Actions → Retrain model → Run workflow, or invoke the training function).\n");
        }
        body.append("\nThe function's log has the run under request id ").append(requestId).append(".\n");
        return new Notification(subject, body.toString());
    }
}
