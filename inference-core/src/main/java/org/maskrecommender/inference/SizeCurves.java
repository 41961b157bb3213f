package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.EncodedMask;

/**
 * For one face, the perimeter difference d = mask perimeter − facial perimeter (mm) that the model scores highest,
 * per style: the model's own size curve, read off by scoring made-up masks of that style through the same encoder and
 * ONNX session that score real masks (so an explanation cannot disagree with the ranking).
 *
 * <p>The made-up mask has the style, no strap type and no fit family (the encoder's "average mask" for those blocks).
 * The curve is read over the sizes the style comes in: from the smallest perimeter of the catalogue's masks of that
 * style minus {@value #MARGIN_MM} mm to the largest plus {@value #MARGIN_MM} mm (as differences for this face, widened
 * to multiples of {@value #COARSE_STEP_MM} mm). Far outside the sizes the catalogue offers a model only extrapolates,
 * and a quadratic or factorisation model extrapolated can rise again without bound (a child's face scored over ±150 mm
 * once reported a best Duckbill 150 mm smaller than its own perimeter). Grid: that range in steps of
 * {@value #COARSE_STEP_MM} mm, then ±{@value #COARSE_STEP_MM} mm around the best of those in steps of
 * {@value #FINE_STEP_MM} mm, in two batched runs for all styles of a request. The answer is a multiple of
 * {@value #FINE_STEP_MM} mm; a curve still rising at an end of the range reports that end. Equal probabilities go to
 * the d nearest 0.
 */
final class SizeCurves {

    static final double MARGIN_MM = 20;
    static final double COARSE_STEP_MM = 5;
    static final double FINE_STEP_MM = 0.5;

    private SizeCurves() {
    }

    /**
     * @param styles the styles to read curves for (null = masks without a style); each has masks in the catalogue
     * @return the best d per style (mm)
     */
    static Map<String, Double> best(LoadedModel model, FacialMeasurements face, List<String> styles) {
        double perimeter = face.facialPerimeterMm();
        int n = styles.size();
        double[][] ranges = new double[n][];
        double[][] coarse = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] sizes = model.perimeterRange(styles.get(i));
            double from = Math.floor((sizes[0] - MARGIN_MM - perimeter) / COARSE_STEP_MM) * COARSE_STEP_MM;
            double to = Math.ceil((sizes[1] + MARGIN_MM - perimeter) / COARSE_STEP_MM) * COARSE_STEP_MM;
            ranges[i] = new double[] {from, to};
            coarse[i] = grid(from, to, COARSE_STEP_MM, from, to);
        }
        double[] roughly = argmax(model, face, styles, coarse);

        double[][] fine = new double[n][];
        for (int i = 0; i < n; i++) {
            fine[i] = grid(roughly[i] - COARSE_STEP_MM, roughly[i] + COARSE_STEP_MM, FINE_STEP_MM, ranges[i][0],
                    ranges[i][1]);
        }
        double[] best = argmax(model, face, styles, fine);
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(styles.get(i), best[i]);
        }
        return out;
    }

    /** from, from + step, … up to {@code to}, keeping the points within [min, max]. */
    private static double[] grid(double from, double to, double step, double min, double max) {
        double[] points = new double[(int) Math.floor((to - from) / step + 1e-9) + 1];
        int n = 0;
        for (double d = from; d <= to + 1e-9; d += step) {
            if (n < points.length && d >= min - 1e-9 && d <= max + 1e-9) {
                points[n++] = d;
            }
        }
        return Arrays.copyOf(points, n);
    }

    /** The best d (mm) on each style's grid, all styles in one batched run. */
    private static double[] argmax(LoadedModel model, FacialMeasurements face, List<String> styles, double[][] grids) {
        double perimeter = face.facialPerimeterMm();
        List<EncodedMask> probes = new ArrayList<>();
        for (int i = 0; i < styles.size(); i++) {
            // the style's indices looked up once; the made-up masks differ only in perimeter
            EncodedMask style = model.encoder().encodeMask(new Mask(0, null, null, perimeter, styles.get(i), null));
            for (double d : grids[i]) {
                probes.add(new EncodedMask(new Mask(0, null, null, perimeter + d, styles.get(i), null), style.style(),
                        style.strap(), style.family()));
            }
        }
        float[] p = model.scoreCatalogue(face, probes);
        double[] best = new double[styles.size()];
        int row = 0;
        for (int i = 0; i < styles.size(); i++) {
            double bestD = Double.NaN;
            float bestP = Float.NEGATIVE_INFINITY;
            for (double d : grids[i]) {
                float q = p[row++];
                if (q > bestP || (q == bestP && Math.abs(d) < Math.abs(bestD))) {
                    bestP = q;
                    bestD = d;
                }
            }
            best[i] = Math.round(bestD / FINE_STEP_MM) * FINE_STEP_MM; // grid points, without summing errors
        }
        return best;
    }
}
