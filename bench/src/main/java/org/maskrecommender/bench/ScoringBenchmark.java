package org.maskrecommender.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;

import org.maskrecommender.core.data.FitTestCleaner;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.features.EncodedRows;
import org.maskrecommender.core.scoring.OnnxScorer;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.export.ExportedModel;
import org.maskrecommender.training.export.OnnxExporter;
import org.maskrecommender.training.model.Candidates;
import org.maskrecommender.training.model.FittedModel;
import org.maskrecommender.training.model.ModelFitter;
import org.maskrecommender.training.model.TribuoData;

/**
 * ONNX Runtime (the served graph, in its input layout) against a plain-Java dot product of the same
 * logistic-regression weights over the one-hot rows, on the same 1,000 fit tests: what the ONNX indirection costs
 * over the cheapest possible scorer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScoringBenchmark {

    static final int ROWS = 1000;

    private OnnxScorer scorer;
    private EncodedRows served;
    private float[] rows;
    private int width;
    /** w_pass − w_fail per feature, and the bias difference: P(pass) = σ(Δw·x + Δb). */
    private double[] deltaWeights;
    private double deltaBias;

    @Setup(Level.Trial)
    public void fit() {
        List<FitTest> data = new FitTestCleaner()
                .clean(TrainingDataLoader.sampleRows(new TrainingDataLoader.SampleSettings(42, 600))).fitTests();
        FittedModel fitted = new ModelFitter().fit(Candidates.logisticRegression(), data, 1);
        ExportedModel exported = new OnnxExporter().export(fitted, 1);
        scorer = new OnnxScorer(exported.onnx(), exported.signature());
        width = fitted.encoder().featureCount();
        rows = fitted.encoder().encodeAll(data.subList(0, ROWS));
        served = fitted.encoder().encode(scorer.layout(), data.subList(0, ROWS));

        DenseMatrix w = ((LinearSGDModel) fitted.model()).getWeightsCopy();
        int pass = fitted.model().getOutputIDInfo().getID(TribuoData.PASS);
        int fail = 1 - pass;
        deltaWeights = new double[width];
        for (int j = 0; j < width; j++) {
            deltaWeights[j] = w.get(pass, j) - w.get(fail, j);
        }
        deltaBias = w.get(pass, width) - w.get(fail, width);

        float[] onnx = onnxRuntime();
        double[] java = plainJava();
        for (int i = 0; i < ROWS; i++) {
            if (Math.abs(onnx[i] - java[i]) > 1e-5) {
                throw new IllegalStateException("the two scorers disagree at row " + i + ": " + onnx[i] + " vs " + java[i]);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        scorer.close();
    }

    @Benchmark
    public float[] onnxRuntime() {
        return scorer.positiveProbabilities(served);
    }

    @Benchmark
    public double[] plainJava() {
        double[] p = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double z = deltaBias;
            int base = i * width;
            for (int j = 0; j < width; j++) {
                z += deltaWeights[j] * rows[base + j];
            }
            p[i] = 1 / (1 + Math.exp(-z));
        }
        return p;
    }
}
