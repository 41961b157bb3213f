package org.maskrecommender.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.training.data.TrainingDataLoader;

class EvaluationSetTest {

    private final List<FitTest> rows = new FitTestCleaner()
            .clean(TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(5, 600))).fitTests();

    @Test
    void evaluationUsersNeverTrainAndTheShareIsTheFraction() {
        UserGroupedSplit.Split split = EvaluationSet.split(rows, 0.15);
        assertThat(users(split.train())).doesNotContainAnyElementsOf(users(split.test()));
        assertThat(split.train().size() + split.test().size()).isEqualTo(rows.size());
        double share = (double) users(split.test()).size() / users(rows).size();
        assertThat(share).isBetween(0.12, 0.18);
    }

    @Test
    void theSameUsersEveryWeekWhateverElseIsInTheExport() {
        Set<Long> thisWeek = users(EvaluationSet.split(rows, 0.15).test());
        // next week: rows in another order, some users gone, new users added
        List<FitTest> nextWeek = new ArrayList<>(rows.subList(rows.size() / 3, rows.size()));
        nextWeek.addAll(new FitTestCleaner().clean(TrainingDataLoader.sampleRows(
                new TrainingDataLoader.SampleSettings(9, 200))).fitTests().stream()
                .map(r -> new FitTest(r.userId() + 1_000_000, r.mask(), r.face(), r.passed(), null)).toList());
        Collections.shuffle(nextWeek, new Random(3));
        Set<Long> stayed = users(rows.subList(rows.size() / 3, rows.size()));
        Set<Long> next = users(EvaluationSet.split(nextWeek, 0.15).test());
        assertThat(next.stream().filter(stayed::contains).collect(Collectors.toSet()))
                .isEqualTo(thisWeek.stream().filter(stayed::contains).collect(Collectors.toSet()));
        assertThat(next).anyMatch(u -> u > 1_000_000);
    }

    @Test
    void assignmentIsSha256OfTheDecimalId() {
        // sha256("1") = 6b86b273ff34fce1…: 0x6b86b273ff34fce1 / 2^64 = 0.4200…
        assertThat(EvaluationSet.position(1)).isCloseTo(0x6b86b273ff34fce1L / 0x1.0p64, org.assertj.core.data.Offset
                .offset(1e-15));
        assertThat(EvaluationSet.contains(1, 0.43)).isTrue();
        assertThat(EvaluationSet.contains(1, 0.42)).isFalse();
    }

    @Test
    void aLargerFractionOnlyAddsUsers() {
        assertThat(users(EvaluationSet.split(rows, 0.3).test())).containsAll(users(EvaluationSet.split(rows, 0.15).test()));
    }

    private static Set<Long> users(List<FitTest> rows) {
        return rows.stream().map(FitTest::userId).collect(Collectors.toSet());
    }
}
