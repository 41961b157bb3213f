package org.maskrecommender.training.export;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.FeatureEncoder;
import org.maskrecommender.core.scoring.OnnxScorer;

/**
 * Scores rows with the exported ONNX model through ONNX Runtime — the way inference will — and
 * compares with Tribuo's own probabilities. An export that disagrees by more than the tolerance is
 * never published.
 */
public final class ParityCheck {

    /**
     * @param rows          rows compared
     * @param maxAbsDiff    largest |P_onnx − P_tribuo| seen
     * @param tolerance     the bound it had to stay within
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(int rows, double maxAbsDiff, double tolerance) {
    }

    /**
     * @return the report when every row agrees within {@code tolerance}
     * @throws ExportException naming the worst row otherwise
     */
    public Report verify(ExportedModel exported, FeatureEncoder encoder, List<FitTest> rows, double[] tribuo,
                         double tolerance) {
        float[] batch = encoder.encodeAll(rows);
        float[] onnx;
        try (OnnxScorer scorer = new OnnxScorer(exported.onnx(), exported.signature())) {
            onnx = scorer.positiveProbabilities(batch, rows.size());
        }
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
            throw new ExportException(String.format(
                    "ONNX export disagrees with Tribuo: row %d has P=%.8f in ONNX Runtime vs %.8f in Tribuo "
                            + "(|diff| %.3g > tolerance %.1g); refusing to publish",
                    worstRow, onnx[worstRow], tribuo[worstRow], worst, tolerance));
        }
        return new Report(rows.size(), worst, tolerance);
    }
}
