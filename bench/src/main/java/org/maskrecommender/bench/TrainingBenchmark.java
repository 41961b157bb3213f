package org.maskrecommender.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.training.ProgressListener;
import org.maskrecommender.training.TrainingRequest;
import org.maskrecommender.training.TrainingResult;
import org.maskrecommender.training.TrainingService;
import org.maskrecommender.training.TrainingSettings;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/**
 * Measures one whole training run (generate → parse → clean → 5-fold CV of both candidates → fit →
 * export → parity → publish) for about N fit-test rows, and the JVM's peak heap. Run one size per
 * JVM so peaks do not mix: {@code bench/run-training-bench.sh} does that for 1k, 10k and 100k rows.
 *
 * <p>Usage: {@code TrainingBenchmark ROWS}. Prints one tab-separated line: rows read, rows kept,
 * seconds, peak heap MiB, held-out ROC AUC, chosen trainer.
 */
public final class TrainingBenchmark {

    /** Sample users try 4–12 masks (8 on average) and dirty rows add ~1%. */
    private static final double ROWS_PER_USER = 8.04;
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TRIBUO_LOG.setLevel(Level.WARNING);
        int rows = Integer.parseInt(args[0]);
        int users = (int) Math.round(rows / ROWS_PER_USER);
        Path store = Files.createTempDirectory("bench-store");
        var mapper = Json.newMapper();
        TrainingService service = TrainingService.builder().mapper(mapper).gitSha("bench")
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty())).build();
        TrainingSettings settings = TrainingSettings.DEFAULT.withSample(new SampleSettings(42, users));
        long start = System.nanoTime();
        TrainingResult result = service.train(new TrainingRequest(Environment.STAGING, null, null, Trigger.Type.MANUAL, settings),
                new ModelStore(new LocalBlobStore(store), mapper), ProgressListener.silent());
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("%d\t%d\t%.1f\t%d\t%.4f\t%s%n", result.rows().read(), result.rows().kept(), seconds,
                peak / (1024 * 1024), result.metrics().path("roc_auc").asDouble(), result.trainer());
    }
}
