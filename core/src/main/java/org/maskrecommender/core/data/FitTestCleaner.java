package org.maskrecommender.core.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.domain.Measurement;

/**
 * Turns export rows into trainable fit tests. A row that cannot be trained on is dropped and counted
 * under the first reason that applies (in {@link DropReason} order); nothing is ever zero-filled.
 */
public final class FitTestCleaner {

    /** Plausible mask seal perimeters (mm): from small children's masks to the largest adult ones. */
    public static final double MIN_PERIMETER_MM = 150;
    public static final double MAX_PERIMETER_MM = 700;

    public CleanedFitTests clean(List<FitTestRow> rows) {
        List<FitTest> kept = new ArrayList<>(rows.size());
        EnumMap<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
        Set<String> seenSourceIds = new HashSet<>();
        for (FitTestRow row : rows) {
            DropReason reason = reasonToDrop(row, seenSourceIds);
            if (reason != null) {
                dropped.merge(reason, 1, Integer::sum);
            } else {
                kept.add(toFitTest(row));
                if (row.sourceFitTestId() != null) {
                    // Only a kept row claims its id: a later valid copy of an invalid row is not a duplicate.
                    seenSourceIds.add(row.sourceFitTestId());
                }
            }
        }
        return new CleanedFitTests(kept, RowCounts.of(rows.size(), kept.size(), dropped));
    }

    private static DropReason reasonToDrop(FitTestRow row, Set<String> seenSourceIds) {
        if (row.sourceFitTestId() != null && seenSourceIds.contains(row.sourceFitTestId())) {
            return DropReason.DUPLICATE_SOURCE_FIT_TEST_ID;
        }
        if (row.userId() == null || row.maskId() == null) {
            return DropReason.MISSING_IDENTIFIER;
        }
        if (parsePass(row.qlftPass()) == null) {
            return DropReason.UNPARSEABLE_QLFT_PASS;
        }
        if (Boolean.TRUE.equals(row.maskModded())) {
            return DropReason.MASK_MODDED;
        }
        if (row.perimeterMm() == null) {
            return DropReason.MISSING_PERIMETER;
        }
        Double[] values = measurements(row);
        for (Double v : values) {
            if (v == null) {
                return DropReason.MISSING_MEASUREMENT;
            }
        }
        Measurement[] kinds = Measurement.values();
        for (int i = 0; i < kinds.length; i++) {
            if (!kinds[i].isPlausible(values[i])) {
                return DropReason.IMPLAUSIBLE_MEASUREMENT;
            }
        }
        double perimeter = row.perimeterMm();
        if (!Double.isFinite(perimeter) || perimeter < MIN_PERIMETER_MM || perimeter > MAX_PERIMETER_MM) {
            return DropReason.IMPLAUSIBLE_MEASUREMENT;
        }
        return null;
    }

    /** Values in {@link Measurement} order. A missing beard length is missing, not "no beard". */
    private static Double[] measurements(FitTestRow row) {
        return new Double[] {row.noseMm(), row.chinMm(), row.topCheekMm(), row.midCheekMm(), row.strapMm(),
                row.facialHairBeardLengthMm()};
    }

    private static FitTest toFitTest(FitTestRow row) {
        Mask mask = new Mask(row.maskId(), row.uniqueInternalModelCode(), row.fitFamilyId(), row.perimeterMm(),
                row.style(), row.strapType());
        FacialMeasurements face = new FacialMeasurements(row.noseMm(), row.chinMm(), row.topCheekMm(),
                row.midCheekMm(), row.strapMm(), row.facialHairBeardLengthMm());
        return new FitTest(row.userId(), mask, face, parsePass(row.qlftPass()), row.sourceFitTestId());
    }

    /** The app exports booleans as true/false, and older exports as 1/0 or pass/fail. */
    static Boolean parsePass(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "t", "1", "1.0", "yes", "pass", "passed" -> Boolean.TRUE;
            case "false", "f", "0", "0.0", "no", "fail", "failed" -> Boolean.FALSE;
            default -> null;
        };
    }
}
