package org.maskrecommender.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.sample.SyntheticWorld;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.model.Candidate;
import org.maskrecommender.training.model.Candidates;
import org.maskrecommender.training.model.FittedModel;
import org.maskrecommender.training.model.ModelFitter;

/** Tribuo and ONNX Runtime must give the same probabilities for every exported candidate, in both input layouts. */
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

        ParityCheck.Report report = new ParityCheck().verify(exported, model, ROWS, tribuo, 1e-5, 3);
        assertThat(report.rows()).isEqualTo(ROWS.size());
        assertThat(report.layout()).isEqualTo("family_index");
        assertThat(report.randomRows()).isEqualTo(model.encoder().familyCount() + ParityCheck.EXTRA_RANDOM_ROWS);
        assertThat(report.maxAbsDiff()).isLessThanOrEqualTo(1e-5);

        // independently of ParityCheck: score through OnnxScorer in both layouts and compare row by row
        ExportedModel oneHot = new OnnxExporter().exportOneHot(model, 1);
        assertThat(oneHot.signature().inputLayout()).isEqualTo(InputLayout.ONE_HOT);
        try (OnnxScorer scorer = new OnnxScorer(exported.onnx(), exported.signature());
             OnnxScorer oneHotScorer = new OnnxScorer(oneHot.onnx(), oneHot.signature())) {
            float[] onnx = scorer.score(model.encoder(), ROWS);
            float[] onnxOneHot = oneHotScorer.positiveProbabilities(model.encoder().encodeAll(ROWS), ROWS.size());
            for (int i = 0; i < onnx.length; i++) {
                assertThat((double) onnx[i]).isCloseTo(tribuo[i], Offset.offset(1e-5));
                assertThat((double) onnxOneHot[i]).isCloseTo(tribuo[i], Offset.offset(1e-5));
            }
        }
        // the probabilities are not trivial (a constant model would pass parity too)
        assertThat(Arrays.stream(tribuo).max().orElseThrow() - Arrays.stream(tribuo).min().orElseThrow())
                .isGreaterThan(0.5);
    }

    @ParameterizedTest
    @MethodSource("candidates")
    void parityRefusesWhenProbabilitiesDiffer(Candidate candidate) {
        FittedModel model = new ModelFitter().fit(candidate, ROWS, 1);
        ExportedModel exported = new OnnxExporter().export(model, 1);
        double[] shifted = model.predict(ROWS);
        shifted[17] += 1e-3;
        assertThatThrownBy(() -> new ParityCheck().verify(exported, model, ROWS, shifted, 1e-5, 3))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("row 17")
                .hasMessageContaining("refusing to publish");
    }

    /**
     * A graph wrong only for a family none of the given rows has must still be refused: the random rows read every
     * row of the family table.
     */
    @Test
    void parityReadsEveryFamilyOfTheTable() {
        FittedModel model = new ModelFitter().fit(Candidates.logisticRegression(0.1, 8, 20), ROWS, 1);
        List<Long> families = model.encoder().parameters().fitFamilies();
        Long last = families.get(families.size() - 1);
        List<FitTest> others = ROWS.stream().filter(r -> !last.equals(r.mask().fitFamilyId())).toList();
        FamilyIndexGraph.Weights weights = FamilyIndexGraph.weights(model.model(), model.encoder().featureCount());
        int lastColumn = model.encoder().featureCount() - 1;
        weights.linear()[0][lastColumn] += 1.0; // the last family's effect on one class's logit, off by one logit
        ExportedModel good = new OnnxExporter().export(model, 1);
        ExportedModel wrong = new ExportedModel(FamilyIndexGraph.build(weights, model.encoder(),
                model.model().getOutputIDInfo().getID(org.maskrecommender.training.model.TribuoData.PASS), "test", 1, "test")
                .toByteArray(), good.signature());
        double[] tribuo = model.predict(others);

        assertThat(new ParityCheck().verify(good, model, others, tribuo, 1e-5, 3).maxAbsDiff()).isLessThan(1e-5);
        assertThatThrownBy(() -> new ParityCheck().verify(wrong, model, others, tribuo, 1e-5, 3))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("random row")
                .hasMessageContaining("family " + last);
    }

    /** The served graph's float input is as wide with 1,000 families as with 10: only the family table grows. */
    @ParameterizedTest
    @MethodSource("candidates")
    void inputWidthDoesNotGrowWithTheFamilies(Candidate candidate) {
        SyntheticWorld world = SyntheticWorld.create(5, 1000, 2);
        List<FitTest> rows = new FitTestCleaner().clean(world.fitTests(6, 1, 1500, false).rows()).fitTests();
        FittedModel model = new ModelFitter().fit(candidate, rows, 1);
        ExportedModel exported = new OnnxExporter().export(model, 1);

        assertThat(model.encoder().familyCount()).isGreaterThan(900);
        assertThat(exported.signature().featureCount()).isEqualTo(model.encoder().denseFeatureCount())
                .isEqualTo(5 + 3 * 4 + 3);
        ParityCheck.Report report = new ParityCheck().verify(exported, model, rows, model.predict(rows), 1e-5, 3);
        assertThat(report.maxAbsDiff()).isLessThanOrEqualTo(1e-5);
    }
}
