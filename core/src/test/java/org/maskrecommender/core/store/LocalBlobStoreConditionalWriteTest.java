package org.maskrecommender.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.data.SourceContent;

class LocalBlobStoreConditionalWriteTest extends AtomicConditionalWriteContract {

    @TempDir
    Path root;

    @Override
    BlobStore openStore() {
        return new LocalBlobStore(root);
    }

    @Test
    void tagIsTheSha256OfTheContent() {
        BlobStore store = openStore();
        store.put("deployments/inference.json", bytes("{}"));

        assertThat(store.getVersioned("deployments/inference.json").orElseThrow().tag())
                .isEqualTo(SourceContent.sha256(bytes("{}")));
    }

    @Test
    void leavesOnlyTheObjectAndItsLockFile() throws IOException {
        BlobStore store = openStore();
        assertThat(store.putIfMatch("deployments/inference.json", bytes("v1"), null)).isTrue();
        String tag = store.getVersioned("deployments/inference.json").orElseThrow().tag();
        assertThat(store.putIfMatch("deployments/inference.json", bytes("v2"), tag)).isTrue();
        assertThat(store.putIfMatch("deployments/inference.json", bytes("v3"), tag)).isFalse();

        try (Stream<Path> files = Files.list(root.resolve("deployments"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(".inference.json.lock", "inference.json");
        }
    }

    @Test
    void rejectsKeysThatLeaveTheRoot() {
        BlobStore store = openStore();

        assertThatThrownBy(() -> store.putIfMatch("../outside.json", bytes("x"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.getVersioned("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.resolveSibling("outside.json")).doesNotExist();
    }

    /**
     * Two other JVMs and two threads of this one increment one counter together. The file lock must
     * exclude the other processes (a per-JVM lock alone would lose updates here).
     */
    @Test
    void concurrentIncrementsFromSeveralProcessesLoseNothing() throws Exception {
        int processes = 2;
        int threads = 2;
        int incrementsEach = 40;
        openStore().put("counter.txt", bytes("0"));
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<Process> children = new ArrayList<>();
        try {
            for (int p = 0; p < processes; p++) {
                children.add(new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                        CasCounterMain.class.getName(), root.toString(), "counter.txt", String.valueOf(incrementsEach))
                        .redirectErrorStream(true).start());
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process child : children) {
                BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
                assertThat(awaitLine(output, "ready")).as("child started").isTrue();
                outputs.add(output);
            }
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                BlobStore store = openStore();
                tasks.add(() -> {
                    for (int i = 0; i < incrementsEach; i++) {
                        while (!increment(store, "counter.txt")) {
                            // lost to another writer: read again
                        }
                    }
                    return true;
                });
            }
            for (Process child : children) {
                Writer go = new java.io.OutputStreamWriter(child.getOutputStream(), UTF_8);
                go.write("go\n");
                go.flush();
            }
            ConcurrentTasks.runTogether(tasks);
            for (int p = 0; p < processes; p++) {
                assertThat(awaitLine(outputs.get(p), "done")).as("child %d finished", p).isTrue();
                assertThat(children.get(p).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(children.get(p).exitValue()).isZero();
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }

        assertThat(text(openStore(), "counter.txt")).isEqualTo(String.valueOf((processes + threads) * incrementsEach));
    }

    /** Reads lines until {@code expected}; false at end of stream (the child died: its output is in the message). */
    private static boolean awaitLine(BufferedReader output, String expected) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.equals(expected)) {
                return true;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("child ended before printing '" + expected + "':\n" + seen);
    }
}
