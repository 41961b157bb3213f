package org.maskrecommender.training.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.maskrecommender.core.domain.FitTest;

/**
 * The subgroups a single ROC AUC hides, each scored on its own: a model can rank adults well and children badly,
 * or learn families that have plenty of tests and guess the rest.
 *
 * <ul>
 *   <li>{@code child_sized_face}: facial perimeter ({@code FacialMeasurements#facialPerimeterMm}) below
 *       {@value #CHILD_FACE_MAX_PERIMETER_MM} mm — between children's faces (≈ 300 mm) and adults' (≈ 375 mm);</li>
 *   <li>{@code bearded}: beard length above {@value #BEARD_MIN_MM} mm;</li>
 *   <li>{@code style=<style>} for each style among the rows ({@code style=(none)} when unknown);</li>
 *   <li>{@code sparse_family}: masks whose fit family has fewer than {@value #SPARSE_FAMILY_ROWS} training rows
 *       (or no fit family, or one never trained on).</li>
 * </ul>
 * A row can be in several subgroups. The families' training counts are the new model's, so the deployed model is
 * scored on exactly the same subgroup rows.
 */
public final class Subgroups {

    /** A face with a smaller facial perimeter (mm) is child-sized. */
    public static final double CHILD_FACE_MAX_PERIMETER_MM = 330;
    /** A face with a longer beard (mm) is bearded. */
    public static final double BEARD_MIN_MM = 0;
    /** A fit family with fewer training rows is sparse. */
    public static final int SPARSE_FAMILY_ROWS = 10;

    public static final String CHILD_SIZED_FACE = "child_sized_face";
    public static final String BEARDED = "bearded";
    public static final String SPARSE_FAMILY = "sparse_family";
    public static final String STYLE_PREFIX = "style=";

    /** How each subgroup is defined, for manifests. */
    public static final Map<String, String> DEFINITIONS = Map.of(
            CHILD_SIZED_FACE, "facial perimeter < " + (int) CHILD_FACE_MAX_PERIMETER_MM + " mm",
            BEARDED, "beard length > " + (int) BEARD_MIN_MM + " mm",
            STYLE_PREFIX + "<style>", "masks of that style; (none) when unknown",
            SPARSE_FAMILY, "masks whose fit family has fewer than " + SPARSE_FAMILY_ROWS
                    + " training rows, or no fit family");

    private final Map<Long, Integer> familyTrainingRows;

    /** @param familyTrainingRows training rows per fit family of the model being judged */
    public Subgroups(Map<Long, Integer> familyTrainingRows) {
        this.familyTrainingRows = Map.copyOf(familyTrainingRows);
    }

    /** Counts training rows per fit family (rows without a family are not counted). */
    public static Subgroups of(List<FitTest> trainingRows) {
        Map<Long, Integer> counts = new HashMap<>();
        for (FitTest row : trainingRows) {
            if (row.mask().fitFamilyId() != null) {
                counts.merge(row.mask().fitFamilyId(), 1, Integer::sum);
            }
        }
        return new Subgroups(counts);
    }

    public boolean sparseFamily(FitTest row) {
        Long family = row.mask().fitFamilyId();
        return family == null || familyTrainingRows.getOrDefault(family, 0) < SPARSE_FAMILY_ROWS;
    }

    /** Every subgroup with at least one row, in a stable order (faces, styles, families). */
    public Map<String, SubgroupReport> evaluate(List<FitTest> rows, double[] probabilities) {
        if (rows.size() != probabilities.length) {
            throw new IllegalArgumentException(rows.size() + " rows but " + probabilities.length + " predictions");
        }
        Map<String, Predicate<FitTest>> groups = new LinkedHashMap<>();
        groups.put(CHILD_SIZED_FACE, r -> r.face().facialPerimeterMm() < CHILD_FACE_MAX_PERIMETER_MM);
        groups.put(BEARDED, r -> r.face().facialHairBeardLengthMm() > BEARD_MIN_MM);
        TreeSet<String> styles = new TreeSet<>();
        rows.forEach(r -> styles.add(styleName(r)));
        for (String style : styles) {
            groups.put(STYLE_PREFIX + style, r -> styleName(r).equals(style));
        }
        groups.put(SPARSE_FAMILY, this::sparseFamily);
        Map<String, SubgroupReport> reports = new LinkedHashMap<>();
        groups.forEach((name, member) -> {
            SubgroupReport report = report(rows, probabilities, member);
            if (report.rows() > 0) {
                reports.put(name, report);
            }
        });
        return reports;
    }

    private static String styleName(FitTest row) {
        return row.mask().style() == null ? "(none)" : row.mask().style();
    }

    private static SubgroupReport report(List<FitTest> rows, double[] p, Predicate<FitTest> member) {
        List<Double> scores = new ArrayList<>();
        List<Boolean> passed = new ArrayList<>();
        HashSet<Long> users = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            if (member.test(rows.get(i))) {
                scores.add(p[i]);
                passed.add(rows.get(i).passed());
                users.add(rows.get(i).userId());
            }
        }
        double[] s = new double[scores.size()];
        boolean[] y = new boolean[s.length];
        int positives = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            y[i] = passed.get(i);
            positives += y[i] ? 1 : 0;
        }
        return new SubgroupReport(s.length, users.size(), positives, Metrics.rocAuc(s, y), Metrics.logLoss(s, y),
                Metrics.expectedCalibrationError(Metrics.calibration(s, y), s.length));
    }
}
