package org.maskrecommender.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;

/** The oracle: how the true pass logit depends on perimeter fit, strap, family and beard. */
class GroundTruthTest {

    private static final List<String> STRAPS = List.of("Headstrap", "Adjustable Earloop", "Earloop");
    private static final FacialMeasurements FACE = new FacialMeasurements(50, 98, 115, 110, 250, 0);
    private static final double P = FACE.facialPerimeterMm(); // 373 mm

    private final SyntheticWorld world = SyntheticWorld.create(42, 40);
    private final GroundTruth truth = world.truth();

    private static Mask mask(double perimeter, String style, String strap, Long family) {
        return new Mask(1, "test mask", family, perimeter, style, strap);
    }

    private static double ideal(String style) {
        return GroundTruth.Style.of(style).idealDiffMm;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bifold", "Boat", "Cup", "Duckbill"})
    void idealPerimeterDifferenceBeatsOneSixtyMillimetresOff(String style) {
        for (String strap : STRAPS) {
            for (Long family : new Long[] {null, 1L, 7L}) {
                double atIdeal = truth.logit(FACE, mask(P + ideal(style), style, strap, family));
                double tooBig = truth.logit(FACE, mask(P + ideal(style) + 60, style, strap, family));
                double tooSmall = truth.logit(FACE, mask(P + ideal(style) - 60, style, strap, family));

                assertThat(atIdeal).as("%s/%s/%s", style, strap, family).isGreaterThan(tooBig).isGreaterThan(tooSmall);
                assertThat(truth.probability(FACE, mask(P + ideal(style), style, strap, family)))
                        .isGreaterThan(truth.probability(FACE, mask(P + ideal(style) + 60, style, strap, family)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bifold", "Boat", "Cup", "Duckbill"})
    void logitPeaksAtTheStylesIdealDifference(String style) {
        double bestD = Double.NaN;
        double best = Double.NEGATIVE_INFINITY;
        for (double d = -100; d <= 100; d += 0.5) {
            double logit = truth.logit(FACE, mask(P + d, style, "Headstrap", null));
            if (logit > best) {
                best = logit;
                bestD = d;
            }
        }

        assertThat(bestD).isCloseTo(ideal(style), within(0.5));
        // and it falls off monotonically on both sides
        assertThat(truth.logit(FACE, mask(P + ideal(style) + 20, style, "Headstrap", null)))
                .isGreaterThan(truth.logit(FACE, mask(P + ideal(style) + 40, style, "Headstrap", null)));
        assertThat(truth.logit(FACE, mask(P + ideal(style) - 20, style, "Headstrap", null)))
                .isGreaterThan(truth.logit(FACE, mask(P + ideal(style) - 40, style, "Headstrap", null)));
    }

    @Test
    void theFitDependsOnTheFacialPerimeterNotTheMaskAlone() {
        Mask cup = mask(400, "Cup", "Earloop", null);
        FacialMeasurements small = new FacialMeasurements(40, 78, 92, 88, 200, 0); // 298 mm

        assertThat(truth.logit(FACE, cup)).isGreaterThan(truth.logit(small, cup));
    }

    @Test
    void headstrapsSealBetterThanEarloopsAndBeardsWorse() {
        Mask headstrap = mask(P + 15, "Bifold", "Headstrap", null);
        Mask adjustable = mask(P + 15, "Bifold", "Adjustable Earloop", null);
        Mask earloop = mask(P + 15, "Bifold", "Earloop", null);
        FacialMeasurements bearded = new FacialMeasurements(50, 98, 115, 110, 250, 10);

        assertThat(truth.logit(FACE, headstrap)).isGreaterThan(truth.logit(FACE, adjustable));
        assertThat(truth.logit(FACE, adjustable)).isGreaterThan(truth.logit(FACE, earloop));
        assertThat(truth.logit(bearded, headstrap))
                .isCloseTo(truth.logit(FACE, headstrap) - 10 * GroundTruth.BEARD_PER_MM, within(1e-9));
    }

    @Test
    void unknownOrMissingFitFamilyHasNoFamilyEffect() {
        Mask noFamily = mask(P + 8, "Boat", "Earloop", null);
        Mask unknownFamily = mask(P + 8, "Boat", "Earloop", 999_999L);

        assertThat(truth.logit(FACE, noFamily)).isEqualTo(truth.logit(FACE, unknownFamily));
    }

    @Test
    void worldFamiliesShiftTheLogit() {
        Mask family1 = mask(P + 8, "Boat", "Earloop", 1L);
        Mask family2 = mask(P + 8, "Boat", "Earloop", 2L);

        // effects are 0.5·N(0,1) draws: two of them are equal with probability zero
        assertThat(truth.logit(FACE, family1)).isNotEqualTo(truth.logit(FACE, family2));
    }

    @Test
    void probabilityIsTheSigmoidOfTheLogit() {
        Mask m = mask(P + 30, "Duckbill", "Adjustable Earloop", 3L);

        assertThat(truth.probability(FACE, m)).isCloseTo(1 / (1 + Math.exp(-truth.logit(FACE, m))), within(1e-12))
                .isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void stylesAndStrapsOutsideTheWorldAreRefused() {
        assertThatThrownBy(() -> truth.logit(FACE, mask(400, "Trifold", "Earloop", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Trifold");
        assertThatThrownBy(() -> truth.logit(FACE, mask(400, "Cup", "Velcro", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Velcro");
    }
}
