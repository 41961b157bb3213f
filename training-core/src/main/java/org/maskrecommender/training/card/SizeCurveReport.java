package org.maskrecommender.training.card;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.probes.ProbeScorer;
import org.maskrecommender.core.probes.Probes;

/**
 * The size curves a model learned: for a few made-up reference faces, P(pass) as the mask's perimeter changes, per
 * style — what shows at a glance whether a child is offered adult sizes or the ladder runs backwards.
 *
 * <p>Scored as serving scores ({@link ProbeScorer#of}: the manifest's encoder, then the exported ONNX model), with
 * made-up masks of the style and no strap type or fit family (the encoder's "average mask" for those blocks), as
 * inference's per-request size curves do. Each style's curve covers the perimeters its catalogue masks come in,
 * ±{@value #MARGIN_MM} mm, in steps of {@value #STEP_MM} mm (wider when that would exceed {@value #MAX_POINTS}
 * points): beyond the catalogue's sizes a model only extrapolates.
 *
 * @param faces  the reference faces, in the order of each curve's probabilities
 * @param styles one entry per style of the catalogue (masks without a style are left out)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SizeCurveReport(List<ReferenceFace> faces, List<StyleCurves> styles) {

    static final double MARGIN_MM = 20;
    static final double STEP_MM = 5;
    static final int MAX_POINTS = 60;

    /** Child, adult and large adult: made-up faces of the average proportions (never a real person's). */
    public static final List<ReferenceFace> REFERENCE_FACES = List.of(new ReferenceFace("child", 300),
            new ReferenceFace("adult", 373), new ReferenceFace("large adult", 430));

    /**
     * @param name              what the face stands for
     * @param facialPerimeterMm its facial perimeter (mm), the sum of the four seal-line measurements
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReferenceFace(String name, double facialPerimeterMm) {

        FacialMeasurements face() {
            return Probes.face(facialPerimeterMm, 0);
        }
    }

    /**
     * @param style         the style (from the catalogue: untrusted text)
     * @param perimetersMm  the mask perimeters scored (mm), ascending
     * @param probabilities per reference face (by name), P(pass) at each perimeter
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StyleCurves(String style, List<Double> perimetersMm, Map<String, List<Double>> probabilities) {
    }

    /** Scores the curves of every style of the catalogue with this model. */
    public static SizeCurveReport compute(ProbeScorer model, List<Mask> catalogue) {
        Objects.requireNonNull(model, "model");
        TreeSet<String> styleNames = new TreeSet<>();
        catalogue.forEach(m -> {
            if (m.style() != null) {
                styleNames.add(m.style());
            }
        });
        List<StyleCurves> styles = new ArrayList<>();
        for (String style : styleNames) {
            List<Double> grid = grid(catalogue.stream().filter(m -> style.equals(m.style()))
                    .mapToDouble(Mask::perimeterMm).summaryStatistics());
            List<Mask> masks = grid.stream().map(p -> new Mask(0, null, null, p, style, null)).toList();
            Map<String, List<Double>> byFace = new LinkedHashMap<>();
            for (ReferenceFace face : REFERENCE_FACES) {
                double[] p = model.probabilities(face.face(), masks);
                List<Double> values = new ArrayList<>(p.length);
                for (double v : p) {
                    values.add(v);
                }
                byFace.put(face.name(), List.copyOf(values));
            }
            styles.add(new StyleCurves(style, grid, byFace));
        }
        return new SizeCurveReport(REFERENCE_FACES, List.copyOf(styles));
    }

    private static List<Double> grid(DoubleSummaryStatistics sizes) {
        double from = Math.floor((sizes.getMin() - MARGIN_MM) / STEP_MM) * STEP_MM;
        double to = Math.ceil((sizes.getMax() + MARGIN_MM) / STEP_MM) * STEP_MM;
        double step = Math.max(STEP_MM, Math.ceil((to - from) / (MAX_POINTS - 1) / STEP_MM) * STEP_MM);
        List<Double> grid = new ArrayList<>();
        for (int k = 0; from + k * step <= to + 1e-9; k++) {
            grid.add(from + k * step); // from k, not summed: no drift
        }
        return List.copyOf(grid);
    }
}
