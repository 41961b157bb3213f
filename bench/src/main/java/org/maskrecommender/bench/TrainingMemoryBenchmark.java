package org.maskrecommender.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import org.maskrecommender.core.data.FitTestCsv;
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
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/**
 * Rows against memory: trains on an export-shaped CSV file of about N rows, read from disk exactly as a
 * deployed run reads its export (whole file in memory, streamed parse, clean, cross-validation, fit,
 * export, parity, publish), under whatever {@code -Xmx} the JVM was given, and reports whether it
 * completed and how much memory it took. {@code bench/run-training-memory-bench.sh} runs one size per
 * JVM at the heap of the template's training function, so the largest size that completes is the
 * largest input that function trains.
 *
 * <p>Usage: {@code TrainingMemoryBenchmark generate ROWS FILE} writes the CSV (in its own JVM, so the
 * generator's memory is not counted); {@code TrainingMemoryBenchmark train FILE} trains on it and
 * prints one tab-separated line: outcome ({@code ok} or {@code out_of_memory}), rows read, seconds,
 * max heap MiB, peak heap used MiB (what the collector let the heap grow to), peak live heap MiB (the
 * largest heap left after a collection: the memory the data really needs), peak RSS MiB (VmHWM: heap,
 * metaspace, code, threads and native memory such as ONNX Runtime's).
 */
public final class TrainingMemoryBenchmark {

    /** Sample users try 4–12 masks (8 on average) and dirty rows add ~1%. */
    private static final double ROWS_PER_USER = 8.04;
    private static final long MIB = 1024 * 1024;
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private TrainingMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("generate")) {
            int users = (int) Math.round(Integer.parseInt(args[1]) / ROWS_PER_USER);
            Files.write(Path.of(args[2]), FitTestCsv.write(TrainingDataLoader.sampleRows(new SampleSettings(42, users))));
        } else if (args.length == 2 && args[0].equals("train")) {
            train(Path.of(args[1]));
        } else {
            System.err.println("usage: TrainingMemoryBenchmark generate ROWS FILE | train FILE");
            System.exit(2);
        }
    }

    private static void train(Path file) throws Exception {
        TRIBUO_LOG.setLevel(Level.WARNING);
        AtomicLong liveAfterGc = watchLiveHeap();
        long lines = countLines(file) - 1;
        Path store = Files.createTempDirectory("bench-store");
        var mapper = Json.newMapper();
        TrainingService service = TrainingService.builder().mapper(mapper).gitSha("bench")
                .maxRows(Integer.MAX_VALUE)
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty())).build();
        long start = System.nanoTime();
        String outcome;
        long rowsRead;
        try {
            TrainingResult result = service.train(new TrainingRequest(Environment.STAGING, file.toString(), null,
                    Trigger.Type.MANUAL, TrainingSettings.DEFAULT), new ModelStore(new LocalBlobStore(store), mapper),
                    ProgressListener.silent());
            outcome = "ok";
            rowsRead = result.rows().read();
        } catch (OutOfMemoryError e) {
            outcome = "out_of_memory";
            rowsRead = lines;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s\t%d\t%.1f\t%d\t%d\t%d\t%d%n", outcome, rowsRead, seconds,
                Runtime.getRuntime().maxMemory() / MIB, peakHeapUsed() / MIB, liveAfterGc.get() / MIB, peakRss() / MIB);
    }

    /** The largest heap in use right after any collection, i.e. what stayed reachable, kept up to date. */
    private static AtomicLong watchLiveHeap() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        AtomicLong max = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey())).map(java.util.Map.Entry::getValue)
                        .mapToLong(MemoryUsage::getUsed).sum();
                max.accumulateAndGet(used, Math::max);
            }, null, null);
        }
        return max;
    }

    private static long peakHeapUsed() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** VmHWM from /proc/self/status (Linux), in bytes; -1 elsewhere. */
    private static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -MIB;
        }
        return -MIB;
    }

    private static long countLines(Path file) throws java.io.IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }
}
