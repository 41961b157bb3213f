package org.maskrecommender.core.sample;

import java.util.Map;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;

/**
 * The synthetic world's true fit model, without per-user noise (the oracle tests compare against).
 *
 * <pre>
 * logit = base(style) − ((d − ideal(style)) / tolerance(style))²  +  strap(strap type)
 *       + family(fit family)  −  0.07 · beard_mm
 * d     = mask perimeter − facial perimeter (mm)
 * </pre>
 * Styles and straps: the sample world's four styles and three straps, plus those of the reference catalogue's
 * world ({@link CatalogueWorld}: Flat-Fold, Cone, Other, Adjustable, and none given).
 * A person's actual pass probability is sigmoid(logit + u) with a per-user offset u ~ N(0, σ_user²)
 * (some people seal better than their measurements suggest).
 */
public final class GroundTruth {

    /** Per-mm penalty of beard length on the logit. */
    public static final double BEARD_PER_MM = 0.07;

    private final Map<Long, Double> familyEffects;

    GroundTruth(Map<Long, Double> familyEffects) {
        this.familyEffects = Map.copyOf(familyEffects);
    }

    /** The true logit of passing for this face and mask, without the person's own offset. */
    public double logit(FacialMeasurements face, Mask mask) {
        Style style = Style.of(mask.style());
        double d = mask.perimeterMm() - face.facialPerimeterMm();
        double misfit = (d - style.idealDiffMm) / style.toleranceMm;
        return style.base - misfit * misfit
                + Strap.of(mask.strapType()).effect
                + (mask.fitFamilyId() == null ? 0.0 : familyEffects.getOrDefault(mask.fitFamilyId(), 0.0))
                - BEARD_PER_MM * face.facialHairBeardLengthMm();
    }

    /** The true probability of passing, without the person's own offset. */
    public double probability(FacialMeasurements face, Mask mask) {
        return 1 / (1 + Math.exp(-logit(face, mask)));
    }

    /** Per-style shape of the fit curve: best d, how fast fit falls off around it, and the level. */
    enum Style {
        BIFOLD("Bifold", 1.3, 15, 28),
        BOAT("Boat", 1.1, 8, 22),
        CUP("Cup", 0.7, 0, 16),
        DUCKBILL("Duckbill", 1.0, 22, 32),
        // styles of the reference catalogue's world (CatalogueWorld); the sample world does not make them
        FLAT_FOLD("Flat-Fold", 1.1, 12, 24),
        CONE("Cone", 0.8, 4, 18),
        OTHER("Other", 0.8, 10, 24),
        /** A mask whose style the catalogue does not give. */
        MISSING(null, 0.9, 10, 24);

        final String label;
        final double base;
        final double idealDiffMm;
        final double toleranceMm;

        Style(String label, double base, double idealDiffMm, double toleranceMm) {
            this.label = label;
            this.base = base;
            this.idealDiffMm = idealDiffMm;
            this.toleranceMm = toleranceMm;
        }

        static Style of(String label) {
            for (Style s : values()) {
                if (java.util.Objects.equals(s.label, label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("not a synthetic style: " + label);
        }
    }

    /** Straps that hold the mask to the head seal better than ear loops. */
    enum Strap {
        HEADSTRAP("Headstrap", 0.7),
        ADJUSTABLE_EARLOOP("Adjustable Earloop", 0.2),
        EARLOOP("Earloop", -0.3),
        /** The reference catalogue's "Adjustable" (ear loops that adjust). */
        ADJUSTABLE("Adjustable", 0.2),
        /** A mask whose strap type the catalogue does not give. */
        MISSING(null, 0.0);

        final String label;
        final double effect;

        Strap(String label, double effect) {
            this.label = label;
            this.effect = effect;
        }

        static Strap of(String label) {
            for (Strap s : values()) {
                if (java.util.Objects.equals(s.label, label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("not a synthetic strap type: " + label);
        }
    }
}
