package org.maskrecommender.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.model.Candidate;
import org.maskrecommender.training.model.Candidates;
import org.maskrecommender.training.model.FittedModel;
import org.maskrecommender.training.model.ModelFitter;

/** Tribuo and ONNX Runtime must give the same probabilities for every exported candidate. */
class OnnxParityTest {

    private static final List<FitTest> ROWS = new FitTestCleaner()
            .clean(TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(9, 400))).fitTests();

    static List<Candidate> candidates() {
        return Candidates.defaults();
    }

    @ParameterizedTest
    @MethodSource("candidates")
    void onnxRuntimeReproducesTribuoWithin1e5(Candidate candidate) {
        FittedModel model = new ModelFitter().fit(candidate, ROWS, 1);
        ExportedModel exported = new OnnxExporter().export(model, 1);
        double[] tribuo = model.predict(ROWS);

        ParityCheck.Report report = new ParityCheck().verify(exported, model.encoder(), ROWS, tribuo, 1e-5);
        assertThat(report.rows()).isEqualTo(ROWS.size());
        assertThat(report.maxAbsDiff()).isLessThanOrEqualTo(1e-5);

        // independently of ParityCheck: score through OnnxScorer and compare row by row
        try (OnnxScorer scorer = new OnnxScorer(exported.onnx(), exported.signature())) {
            float[] onnx = scorer.positiveProbabilities(model.encoder().encodeAll(ROWS), ROWS.size());
            for (int i = 0; i < onnx.length; i++) {
                assertThat((double) onnx[i]).isCloseTo(tribuo[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        // the probabilities are not trivial (a constant model would pass parity too)
        assertThat(java.util.Arrays.stream(tribuo).max().orElseThrow()
                - java.util.Arrays.stream(tribuo).min().orElseThrow()).isGreaterThan(0.5);
    }

    @ParameterizedTest
    @MethodSource("candidates")
    void parityRefusesWhenProbabilitiesDiffer(Candidate candidate) {
        FittedModel model = new ModelFitter().fit(candidate, ROWS, 1);
        ExportedModel exported = new OnnxExporter().export(model, 1);
        double[] shifted = model.predict(ROWS);
        shifted[17] += 1e-3;
        assertThatThrownBy(() -> new ParityCheck().verify(exported, model.encoder(), ROWS, shifted, 1e-5))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("row 17")
                .hasMessageContaining("refusing to publish");
    }
}
