package org.maskrecommender.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the inference benchmarks in one JMH run and prints the figures docs/development.md quotes: p50/p99 of
 * one request per catalogue size, and the ONNX Runtime / plain-Java scoring ratio.
 *
 * <p>Usage: {@code InferenceBenchmarks [JMH include regex]}; default: every inference benchmark.
 */
public final class InferenceBenchmarks {

    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private InferenceBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        TRIBUO_LOG.setLevel(Level.WARNING);
        OptionsBuilder builder = new OptionsBuilder();
        if (args.length > 0) {
            builder.include(args[0]);
        } else {
            builder.include(RecommendBenchmark.class.getSimpleName()).include(ScoringBenchmark.class.getSimpleName());
        }
        Options options = builder
                // In-process: JMH's forked JVMs die with SIGSEGV here (exit 139, no hs_err file) as soon as
                // they start, with or without compiler blackholes; the script gives this run its own JVM.
                .forks(0)
                .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double onnx = Double.NaN;
        double java = Double.NaN;
        System.out.println();
        System.out.println("catalogue_masks\tp50_us\tp99_us\tsamples");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            var stats = r.getPrimaryResult().getStatistics();
            if (name.endsWith("recommend")) {
                System.out.printf(Locale.ROOT, "%s\t%.0f\t%.0f\t%d%n", r.getParams().getParam("masks"),
                        stats.getPercentile(50), stats.getPercentile(99), stats.getN());
            } else if (name.endsWith("onnxRuntime")) {
                onnx = stats.getMean();
            } else if (name.endsWith("plainJava")) {
                java = stats.getMean();
            }
        }
        System.out.printf(Locale.ROOT, "%nscoring %d rows: ONNX Runtime %.1f us, plain Java %.1f us, ratio %.2f%n",
                ScoringBenchmark.ROWS, onnx, java, onnx / java);
    }
}
