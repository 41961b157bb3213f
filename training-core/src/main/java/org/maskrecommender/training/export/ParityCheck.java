package org.maskrecommender.training.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.training.model.FittedModel;

/**
 * Scores rows with the exported ONNX model through ONNX Runtime — the way inference will, in the model's input
 * layout — and compares with Tribuo's own probabilities. An export that disagrees by more than the tolerance is
 * never published.
 *
 * <p>Besides the given rows (the training rows), it checks random rows that reach every part of the graph serving
 * can reach: one per fit family the model knows (so every row of a family-index graph's family table is read at
 * least once), and rows with an unknown or missing family, style or strap type (the table's all-zero row and the
 * encoder's empty blocks), at sizes beyond the training rows'.
 */
public final class ParityCheck {

    /** Random rows besides the one per family. */
    static final int EXTRA_RANDOM_ROWS = 200;

    /**
     * @param rows          given rows compared
     * @param randomRows    random rows compared
     * @param layout        the exported graph's input layout
     * @param maxAbsDiff    largest |P_onnx − P_tribuo| seen
     * @param tolerance     the bound it had to stay within
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(int rows, int randomRows, String layout, double maxAbsDiff, double tolerance) {
    }

    /**
     * @param rows   rows to compare on, with Tribuo's probabilities {@code tribuo}
     * @param seed   seed of the random rows
     * @return the report when every row agrees within {@code tolerance}
     * @throws ExportException naming the worst row otherwise
     */
    public Report verify(ExportedModel exported, FittedModel model, List<FitTest> rows, double[] tribuo,
                         double tolerance, long seed) {
        List<FitTest> random = randomRows(model.encoder(), rows, seed);
        double[] tribuoRandom = model.predict(random);
        float[] onnx;
        float[] onnxRandom;
        try (OnnxScorer scorer = new OnnxScorer(exported.onnx(), exported.signature())) {
            onnx = scorer.score(model.encoder(), rows);
            onnxRandom = scorer.score(model.encoder(), random);
        }
        double worst = compare("row", onnx, tribuo, 0, tolerance, rows);
        worst = Math.max(worst, compare("random row", onnxRandom, tribuoRandom, worst, tolerance, random));
        return new Report(rows.size(), random.size(), exported.signature().inputLayout().json(), worst, tolerance);
    }

    private static double compare(String what, float[] onnx, double[] tribuo, double worstSoFar, double tolerance,
                                  List<FitTest> rows) {
        double worst = 0;
        int worstRow = -1;
        for (int i = 0; i < onnx.length; i++) {
            double diff = Math.abs(onnx[i] - tribuo[i]);
            if (!(diff <= worst)) { // also catches NaN
                worst = diff;
                worstRow = i;
            }
        }
        if (!(worst <= tolerance)) {
            Mask m = rows.get(worstRow).mask();
            throw new ExportException(String.format(
                    "ONNX export disagrees with Tribuo: %s %d (style %s, strap %s, family %s) has P=%.8f in ONNX "
                            + "Runtime vs %.8f in Tribuo (|diff| %.3g > tolerance %.1g); refusing to publish",
                    what, worstRow, m.style(), m.strapType(), m.fitFamilyId(), onnx[worstRow], tribuo[worstRow],
                    worst, tolerance));
        }
        return Math.max(worst, worstSoFar);
    }

    /**
     * One row per known family and {@value #EXTRA_RANDOM_ROWS} more, each a face of the given rows with a made-up
     * mask: random perimeter (the rows' range widened by 40 mm each way), style and strap type drawn from the known
     * ones plus an unknown one and none, and the family (for the extra rows) unknown or none.
     */
    static List<FitTest> randomRows(FeatureEncoder encoder, List<FitTest> rows, long seed) {
        Random rnd = new Random(seed);
        List<String> styles = new ArrayList<>(encoder.parameters().styles());
        styles.add("Style never seen");
        styles.add(null);
        List<String> straps = new ArrayList<>(encoder.parameters().strapTypes());
        straps.add("Strap never seen");
        straps.add(null);
        double min = rows.stream().mapToDouble(r -> r.mask().perimeterMm()).min().orElse(300) - 40;
        double max = rows.stream().mapToDouble(r -> r.mask().perimeterMm()).max().orElse(450) + 40;
        List<Long> families = encoder.parameters().fitFamilies();
        long unknownFamily = families.stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        List<FitTest> out = new ArrayList<>(families.size() + EXTRA_RANDOM_ROWS);
        for (int i = 0; i < families.size() + EXTRA_RANDOM_ROWS; i++) {
            Long family = i < families.size() ? families.get(i) : (rnd.nextBoolean() ? unknownFamily : null);
            FacialMeasurements face = rows.get(rnd.nextInt(rows.size())).face();
            Mask mask = new Mask(0, null, family, Math.round((min + (max - min) * rnd.nextDouble()) * 10) / 10.0,
                    styles.get(rnd.nextInt(styles.size())), straps.get(rnd.nextInt(straps.size())));
            out.add(new FitTest(0, mask, face, false, null));
        }
        return out;
    }
}
