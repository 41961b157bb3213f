package org.maskrecommender.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {

    @TempDir
    Path root;

    @Test
    void getOfMissingKeyIsEmpty() {
        LocalBlobStore store = new LocalBlobStore(root);

        assertThat(store.get("models/latest.json")).isEmpty();
        assertThat(store.exists("models/latest.json")).isFalse();
    }

    @Test
    void putCreatesParentDirectoriesAndGetReturnsTheBytes() {
        LocalBlobStore store = new LocalBlobStore(root);
        byte[] content = allByteValues();

        store.put("models/v1/model.onnx", content);

        assertThat(root.resolve("models/v1/model.onnx")).isRegularFile();
        assertThat(store.get("models/v1/model.onnx")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(content));
        assertThat(store.exists("models/v1/model.onnx")).isTrue();
    }

    @Test
    void putReplacesAndLeavesNoTempFiles() throws IOException {
        LocalBlobStore store = new LocalBlobStore(root);

        store.put("models/latest.json", "old".getBytes(UTF_8));
        store.put("models/latest.json", "new".getBytes(UTF_8));

        assertThat(store.get("models/latest.json")).hasValueSatisfying(b -> assertThat(b).asString(UTF_8).isEqualTo("new"));
        assertThat(filesUnder(root.resolve("models"))).containsExactly("latest.json");
    }

    @Test
    void putIfAbsentCreatesOnceAndNeverOverwrites() throws IOException {
        LocalBlobStore store = new LocalBlobStore(root);

        assertThat(store.putIfAbsent("models/v1/manifest.json", "first".getBytes(UTF_8))).isTrue();
        assertThat(store.putIfAbsent("models/v1/manifest.json", "second".getBytes(UTF_8))).isFalse();

        assertThat(Files.readString(root.resolve("models/v1/manifest.json"))).isEqualTo("first");
        assertThat(filesUnder(root.resolve("models/v1"))).containsExactly("manifest.json");
    }

    @Test
    void putIfAbsentHasExactlyOneWinnerAmongConcurrentWriters() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        int writers = 16;
        for (int round = 0; round < 20; round++) {
            String key = "race/" + round + ".bin";
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    byte[] content = ("writer-" + w + "-" + "x".repeat(64 * 1024)).getBytes(UTF_8);
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.putIfAbsent(key, content);
                    }));
                }
                start.countDown();
                List<Integer> winners = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    if (results.get(w).get(30, TimeUnit.SECONDS)) {
                        winners.add(w);
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(Files.readString(root.resolve(key))).startsWith("writer-" + winners.get(0) + "-")
                        .hasSize(("writer-" + winners.get(0) + "-").length() + 64 * 1024);
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(filesUnder(root.resolve("race"))).allSatisfy(name -> assertThat(name).endsWith(".bin"));
    }

    @Test
    void rejectsKeysThatLeaveTheRoot() {
        LocalBlobStore store = new LocalBlobStore(root.resolve("store"));

        assertThatThrownBy(() -> store.put("../outside.txt", new byte[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("..");
        assertThatThrownBy(() -> store.get("models/../../outside.txt")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putIfAbsent("/etc/passwd", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists("/tmp/x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.resolve("outside.txt")).doesNotExist();
    }

    @Test
    void describeNamesTheFile() {
        LocalBlobStore store = new LocalBlobStore(root);

        assertThat(store.describe("")).isEqualTo(root.toAbsolutePath().toString());
        assertThat(store.describe("models/latest.json"))
                .isEqualTo(root.toAbsolutePath().resolve("models/latest.json").toString());
    }

    private static byte[] allByteValues() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    /** File names in a directory, hidden temp files included. */
    private static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
