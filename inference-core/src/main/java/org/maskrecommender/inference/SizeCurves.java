package org.maskrecommender.inference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;

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
        Map<String, double[]> ranges = new HashMap<>();
        Map<String, List<Double>> coarse = new HashMap<>();
        for (String s : styles) {
            double[] sizes = model.perimeterRange(s);
            double from = Math.floor((sizes[0] - MARGIN_MM - perimeter) / COARSE_STEP_MM) * COARSE_STEP_MM;
            double to = Math.ceil((sizes[1] + MARGIN_MM - perimeter) / COARSE_STEP_MM) * COARSE_STEP_MM;
            ranges.put(s, new double[] {from, to});
            List<Double> grid = new ArrayList<>();
            for (double d = from; d <= to + 1e-9; d += COARSE_STEP_MM) {
                grid.add(d);
            }
            coarse.put(s, grid);
        }
        Map<String, Double> roughly = new HashMap<>();
        argmax(model, face, styles, coarse, roughly);

        Map<String, List<Double>> fine = new HashMap<>();
        for (String s : styles) {
            List<Double> grid = new ArrayList<>();
            for (double d = roughly.get(s) - COARSE_STEP_MM; d <= roughly.get(s) + COARSE_STEP_MM + 1e-9;
                 d += FINE_STEP_MM) {
                if (d >= ranges.get(s)[0] - 1e-9 && d <= ranges.get(s)[1] + 1e-9) {
                    grid.add(d);
                }
            }
            fine.put(s, grid);
        }
        Map<String, Double> best = new HashMap<>();
        argmax(model, face, styles, fine, best);
        return best;
    }
    private static void argmax(LoadedModel model, FacialMeasurements face, List<String> styles,
                               Map<String, List<Double>> grids, Map<String, Double> out) {
        double perimeter = face.facialPerimeterMm();
        List<Mask> probes = new ArrayList<>();
        for (String s : styles) {
            for (double d : grids.get(s)) {
                probes.add(new Mask(0, null, null, perimeter + d, s, null));
            }
        }
        float[] p = model.score(face, probes);
        int row = 0;
        for (String s : styles) {
            double bestD = Double.NaN;
            float bestP = Float.NEGATIVE_INFINITY;
            for (double d : grids.get(s)) {
                float q = p[row++];
                if (q > bestP || (q == bestP && Math.abs(d) < Math.abs(bestD))) {
                    bestP = q;
                    bestD = d;
                }
            }
            out.put(s, Math.round(bestD / FINE_STEP_MM) * FINE_STEP_MM); // grid points, without summing errors
        }
    }
}
