package org.maskrecommender.training;

import java.util.List;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.training.evaluation.UserGroupedSplit.Split;

/** What a run needs of its clean data before it trains: enough users, both results, someone to evaluate on. */
final class DataRequirements {

    private DataRequirements() {
    }

    /** The evaluation set needs someone in it, and the rest enough users for the folds. */
    static void checkSplit(Split split, TrainingSettings settings) {
        long evaluationUsers = users(split.test());
        long trainingUsers = users(split.train());
        if (evaluationUsers == 0) {
            throw new TrainingException(TrainingException.Code.INSUFFICIENT_DATA, "none of the "
                    + trainingUsers + " users falls in the frozen evaluation set (" + settings.evaluationFraction()
                    + " of users); more users, or a larger evaluation fraction, are needed");
        }
        if (trainingUsers < 2L * settings.folds()) {
            throw new TrainingException(TrainingException.Code.INSUFFICIENT_DATA, "only " + trainingUsers
                    + " users are outside the frozen evaluation set; " + settings.folds()
                    + "-fold cross-validation needs at least " + 2 * settings.folds());
        }
    }

    static void checkEnough(List<FitTest> rows, TrainingSettings settings) {
        long users = users(rows);
        long passes = rows.stream().filter(FitTest::passed).count();
        int needed = 2 * (settings.folds() + 1);
        if (users < needed) {
            throw new TrainingException(TrainingException.Code.INSUFFICIENT_DATA, "only " + users
                    + " users have clean fit tests; " + settings.folds() + "-fold cross-validation plus the evaluation set "
                    + "need at least " + needed);
        }
        if (passes == 0 || passes == rows.size()) {
            throw new TrainingException(TrainingException.Code.INSUFFICIENT_DATA,
                    "every clean fit test has the same result (" + (passes == 0 ? "fail" : "pass")
                            + "); there is nothing to learn");
        }
    }

    static long users(List<FitTest> rows) {
        return rows.stream().mapToLong(FitTest::userId).distinct().count();
    }
}
