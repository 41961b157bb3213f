package org.maskrecommender.core.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maskrecommender.core.data.DropReason;
import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.data.FitTestRow;
import org.maskrecommender.core.data.RowCounts;
import org.maskrecommender.core.domain.Mask;

class SyntheticWorldTest {

    private static final int USERS = 1500;

    private static SyntheticWorld world;
    private static SyntheticFitTests dirty;
    private static SyntheticFitTests clean;

    @BeforeAll
    static void generate() {
        world = SyntheticWorld.create(42, 40);
        dirty = world.fitTests(43, 1, USERS, true);
        clean = world.fitTests(43, 1, USERS, false);
    }

    private static Map<Long, Mask> masksById(SyntheticWorld w) {
        return w.masks().stream().collect(Collectors.toMap(Mask::id, Function.identity()));
    }

    @Test
    void sameSeedsGiveIdenticalWorldsAndRows() {
        SyntheticWorld again = SyntheticWorld.create(42, 40);
        SyntheticFitTests first = again.fitTests(7, 1, 200, true);
        SyntheticFitTests second = SyntheticWorld.create(42, 40).fitTests(7, 1, 200, true);

        assertThat(again.masks()).isEqualTo(world.masks());
        assertThat(again.measuredMasks()).isEqualTo(world.measuredMasks());
        assertThat(second.rows()).isEqualTo(first.rows());
        assertThat(second.users()).isEqualTo(first.users());
        assertThat(first.rows()).isNotEmpty();
    }

    @Test
    void differentUserSeedGivesOtherPeopleOnTheSameMasks() {
        SyntheticFitTests a = world.fitTests(100, 1, 200, false);
        SyntheticFitTests b = world.fitTests(101, 1, 200, false);

        assertThat(b.users()).isNotEqualTo(a.users());
        assertThat(b.rows()).isNotEqualTo(a.rows());
        assertThat(b.masks()).isSameAs(a.masks()).isEqualTo(SyntheticWorld.create(42, 40).masks());
        Map<Long, Mask> masks = masksById(world);
        for (SyntheticFitTests tests : List.of(a, b)) {
            for (FitTestRow r : tests.rows()) {
                Mask m = masks.get(r.maskId());
                assertThat(m).as("mask %d", r.maskId()).isNotNull();
                assertThat(r.uniqueInternalModelCode()).isEqualTo(m.uniqueInternalModelCode());
                assertThat(r.fitFamilyId()).isEqualTo(m.fitFamilyId());
                assertThat(r.style()).isEqualTo(m.style());
                assertThat(r.strapType()).isEqualTo(m.strapType());
                assertThat(r.perimeterMm()).isIn(m.perimeterMm(), null);
            }
        }
    }

    @Test
    void differentWorldSeedGivesOtherMasks() {
        assertThat(SyntheticWorld.create(43, 40).masks()).isNotEqualTo(world.masks());
    }

    @Test
    void worldHasFitFamiliesOfOneToThreeMasksSharingStyleStrapAndPerimeter() {
        Map<Long, List<Mask>> families = world.masks().stream().collect(Collectors.groupingBy(Mask::fitFamilyId));

        assertThat(families).hasSize(40);
        assertThat(world.masks()).extracting(Mask::id).doesNotHaveDuplicates();
        families.values().forEach(members -> {
            assertThat(members).hasSizeBetween(1, 3);
            assertThat(members).extracting(Mask::style).containsOnly(members.get(0).style());
            assertThat(members).extracting(Mask::strapType).containsOnly(members.get(0).strapType());
            assertThat(members).extracting(Mask::perimeterMm).containsOnly(members.get(0).perimeterMm());
        });
        assertThat(world.masks()).extracting(Mask::style).isSubsetOf("Bifold", "Boat", "Cup", "Duckbill");
        assertThat(world.masks()).extracting(Mask::strapType).isSubsetOf("Headstrap", "Adjustable Earloop", "Earloop");
    }

    @Test
    void userIdsStartAtFirstUserIdAndEveryoneTriesFourToTwelveDistinctMasks() {
        SyntheticFitTests crowd = world.fitTests(5, 1_000, 300, false);

        assertThat(crowd.users()).extracting(SyntheticUser::id).containsExactlyElementsOf(
                java.util.stream.LongStream.range(1_000, 1_300).boxed().toList());
        Map<Long, List<Long>> masksByUser = crowd.rows().stream()
                .collect(Collectors.groupingBy(FitTestRow::userId, Collectors.mapping(FitTestRow::maskId, Collectors.toList())));
        assertThat(masksByUser).hasSize(300);
        masksByUser.values().forEach(masks -> assertThat(masks).hasSizeBetween(4, 12).doesNotHaveDuplicates());
    }

    @Test
    void dirtyRowsProduceEveryKindOfDropTheGeneratorDocuments() {
        RowCounts counts = new FitTestCleaner().clean(dirty.rows()).counts();

        // SyntheticWorld documents: duplicated exports, unreadable results, modded masks, masks with no
        // perimeter, missing and implausible measurements, rows without a user: every drop reason.
        for (DropReason reason : DropReason.values()) {
            assertThat(counts.dropped().get(reason.key())).as(reason.key()).isPositive();
        }
        assertThat(counts.read()).isEqualTo(dirty.rows().size());
        assertThat(counts.kept() + counts.droppedTotal()).isEqualTo(counts.read());
        // most rows are still usable
        assertThat((double) counts.kept() / counts.read()).isBetween(0.85, 0.97);
    }

    @Test
    void rowsWithoutPerimeterAreExactlyTheTestsOfUnmeasuredMasks() {
        Set<Long> measured = world.measuredMasks().stream().map(Mask::id).collect(Collectors.toSet());

        assertThat(world.measuredMasks()).hasSizeLessThan(world.masks().size());
        assertThat(dirty.rows()).allSatisfy(r -> assertThat(r.perimeterMm() == null).isEqualTo(!measured.contains(r.maskId())));
        assertThat(clean.rows()).allSatisfy(r -> assertThat(r.perimeterMm()).isNotNull());
    }

    @Test
    void cleanRowsHaveNoneOfTheExportDefects() {
        RowCounts counts = new FitTestCleaner().clean(clean.rows()).counts();

        assertThat(counts.dropped()).containsEntry("duplicate_source_fit_test_id", 0)
                .containsEntry("missing_identifier", 0).containsEntry("unparseable_qlft_pass", 0)
                .containsEntry("mask_modded", 0).containsEntry("missing_measurement", 0).containsEntry("missing_perimeter", 0)
                .containsEntry("implausible_measurement", 0);
    }

    @Test
    void aboutOneInSevenPeopleAreChildrenAndSomeAdultsHaveBeards() {
        List<SyntheticUser> users = clean.users();
        List<SyntheticUser> children = users.stream().filter(SyntheticUser::child).toList();
        List<SyntheticUser> adults = users.stream().filter(u -> !u.child()).toList();
        long bearded = adults.stream().filter(u -> u.face().facialHairBeardLengthMm() > 0).count();

        assertThat((double) children.size() / users.size()).isBetween(0.11, 0.19);
        assertThat(children).allSatisfy(c -> assertThat(c.face().facialHairBeardLengthMm()).isZero());
        assertThat((double) bearded / adults.size()).isBetween(0.18, 0.32);
        double childPerimeter = children.stream().mapToDouble(u -> u.face().facialPerimeterMm()).average().orElseThrow();
        double adultPerimeter = adults.stream().mapToDouble(u -> u.face().facialPerimeterMm()).average().orElseThrow();
        assertThat(childPerimeter / adultPerimeter).isBetween(0.75, 0.85);
        // the rows carry each person's measurements
        Map<Long, SyntheticUser> byId = users.stream().collect(Collectors.toMap(SyntheticUser::id, Function.identity()));
        assertThat(clean.rows()).allSatisfy(r -> {
            var face = byId.get(r.userId()).face();
            assertThat(List.of(r.noseMm(), r.chinMm(), r.topCheekMm(), r.midCheekMm(), r.strapMm(),
                    r.facialHairBeardLengthMm())).containsExactly(face.noseMm(), face.chinMm(), face.topCheekMm(),
                    face.midCheekMm(), face.strapMm(), face.facialHairBeardLengthMm());
        });
    }

    @Test
    void passRateIsNeitherTinyNorHuge() {
        long passed = clean.rows().stream().filter(r -> r.qlftPass().equals("true")).count();

        assertThat(clean.rows()).extracting(FitTestRow::qlftPass).containsOnly("true", "false");
        assertThat((double) passed / clean.rows().size()).isBetween(0.20, 0.60);
    }

    @Test
    void oracleProbabilityRanksTheGeneratedOutcomesWell() {
        Map<Long, Mask> masks = masksById(world);
        Map<Long, SyntheticUser> users = new HashMap<>();
        clean.users().forEach(u -> users.put(u.id(), u));
        List<FitTestRow> rows = clean.rows();
        double[] score = new double[rows.size()];
        boolean[] passed = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            FitTestRow r = rows.get(i);
            score[i] = world.truth().probability(users.get(r.userId()).face(), masks.get(r.maskId()));
            passed[i] = Boolean.parseBoolean(r.qlftPass());
        }

        double auc = auc(score, passed);

        assertThat(auc).isGreaterThan(0.8);
        // a score that knows nothing ranks at chance, so the helper itself is not what makes the AUC high
        double[] shuffled = new java.util.Random(1).doubles(rows.size()).toArray();
        assertThat(auc(shuffled, passed)).isBetween(0.45, 0.55);
    }

    @Test
    void aucHelperIsTheRankSumStatistic() {
        assertThat(auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true})).isEqualTo(0.75);
        assertThat(auc(new double[] {0.5, 0.5}, new boolean[] {false, true})).isEqualTo(0.5);
        assertThat(auc(new double[] {1, 2, 3}, new boolean[] {false, true, true})).isEqualTo(1.0);
    }

    /** ROC AUC by the Mann-Whitney rank sum, with average ranks for ties. */
    static double auc(double[] score, boolean[] positive) {
        int n = score.length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double[] rank = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double average = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rank[order[k]] = average;
            }
            i = j + 1;
        }
        double positiveRankSum = 0;
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (positive[i]) {
                positiveRankSum += rank[i];
                positives++;
            }
        }
        long negatives = n - positives;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
