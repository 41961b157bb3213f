package org.maskrecommender.training.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.maskrecommender.core.domain.FitTest;

/**
 * Splits by user, never by row: a person's tests all land on one side, so a model is never scored
 * on a face it was trained on (which would flatter it: the per-person offset leaks otherwise).
 * Users are shuffled with a seed, so splits are reproducible from the data and the seed alone.
 */
public final class UserGroupedSplit {

    private UserGroupedSplit() {
    }

    /**
     * One partition of rows.
     *
     * @param train rows to fit on
     * @param test  rows to evaluate on (their users never appear in train)
     */
    public record Split(List<FitTest> train, List<FitTest> test) {
    }

    /** k user-disjoint folds: fold i tests on the i-th group of users and trains on the rest. */
    public static List<Split> kFold(List<FitTest> rows, int k, long seed) {
        List<Long> users = shuffledUsers(rows, seed);
        if (users.size() < k) {
            throw new IllegalArgumentException(k + "-fold cross-validation needs at least " + k + " users, got "
                    + users.size());
        }
        Map<Long, Integer> fold = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            fold.put(users.get(i), i % k);
        }
        List<Split> splits = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            splits.add(partition(rows, fold, f));
        }
        return splits;
    }

    private static Split partition(List<FitTest> rows, Map<Long, Integer> group, int testGroup) {
        List<FitTest> train = new ArrayList<>();
        List<FitTest> test = new ArrayList<>();
        for (FitTest row : rows) {
            (group.get(row.userId()) == testGroup ? test : train).add(row);
        }
        return new Split(train, test);
    }

    private static List<Long> shuffledUsers(List<FitTest> rows, long seed) {
        TreeSet<Long> distinct = new TreeSet<>();
        rows.forEach(r -> distinct.add(r.userId()));
        List<Long> users = new ArrayList<>(distinct);
        Collections.shuffle(users, new Random(seed));
        return users;
    }
}
