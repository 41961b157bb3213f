package org.maskrecommender.core.probes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.sample.GroundTruth;
import org.maskrecommender.core.sample.SyntheticWorld;

class ProbesTest {

    private final SyntheticWorld world = SyntheticWorld.create(42, 40);
    private final GroundTruth truth = world.truth();
    private final List<Mask> masks = world.measuredMasks();

    /** A scorer from a logit function of face and mask. */
    private interface Logit {
        double of(FacialMeasurements face, Mask mask);
    }

    private static ProbeScorer scorer(Logit logit) {
        return (face, list) -> list.stream().mapToDouble(m -> 1 / (1 + Math.exp(-logit.of(face, m)))).toArray();
    }

    @Test
    void theGeneratorsOwnTruthPassesEveryProbe() {
        ProbeReport report = Probes.check(scorer(truth::logit), masks);
        assertThat(report.version()).isEqualTo(Probes.VERSION);
        assertThat(report.results()).extracting(ProbeResult::name).containsExactly(Probes.CHILD_SIZED_MASKS,
                Probes.SIZE_LADDER, Probes.BEARD_NEVER_HELPS);
        assertThat(report.results()).allSatisfy(r -> assertThat(r.status()).as(r.detail()).isEqualTo("passed"));
        assertThat(report.passed()).isTrue();
    }

    @Test
    void aModelThatLikesBeardsFailsTheBeardProbe() {
        ProbeReport report = Probes.check(scorer((f, m) -> truth.logit(f, m)
                + 2 * GroundTruth.BEARD_PER_MM * f.facialHairBeardLengthMm()), masks);
        assertThat(report.failures()).extracting(ProbeResult::name).containsExactly(Probes.BEARD_NEVER_HELPS);
        assertThat(report.failures().get(0).detail()).contains("rises").contains("beard");
    }

    @Test
    void aModelBlindToSizeSendsAChildToAdultMasks() {
        // only the mask's own quality counts: adult masks (most of the catalogue, a good strap) win
        ProbeReport report = Probes.check(scorer((f, m) -> truth.logit(Probes.face(m.perimeterMm() - 10, 0), m)
                + m.perimeterMm() / 50), masks);
        assertThat(report.failures()).extracting(ProbeResult::name).contains(Probes.CHILD_SIZED_MASKS);
    }

    @Test
    void aModelWhoseSizePreferenceRunsBackwardsFailsTheLadder() {
        // fit gets better the further the mask is from the face: larger faces prefer smaller masks
        ProbeReport report = Probes.check(scorer((f, m) -> {
            double d = (m.perimeterMm() - f.facialPerimeterMm()) / 30;
            return d * d - 3 - 0.05 * f.facialHairBeardLengthMm();
        }), masks);
        assertThat(report.failures()).extracting(ProbeResult::name).contains(Probes.SIZE_LADDER);
        assertThat(report.failures().stream().filter(r -> r.name().equals(Probes.SIZE_LADDER)).findFirst()
                .orElseThrow().detail()).contains("falls from a");
    }

    @Test
    void aCatalogueWithoutChildSizedMasksSkipsThatProbe() {
        List<Mask> adults = masks.stream().filter(m -> m.perimeterMm() > 380).toList();
        ProbeReport report = Probes.check(scorer(truth::logit), adults);
        assertThat(report.results().get(0).status()).isEqualTo("skipped");
        assertThat(report.passed()).isTrue();
    }

    @Test
    void madeUpFacesHaveTheAskedPerimeter() {
        assertThat(Probes.face(300, 7).facialPerimeterMm()).isCloseTo(300, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Probes.face(300, 7).facialHairBeardLengthMm()).isEqualTo(7);
    }
}
