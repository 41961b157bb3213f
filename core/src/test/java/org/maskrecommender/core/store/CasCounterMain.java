package org.maskrecommender.core.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link LocalBlobStoreConditionalWriteTest}: prints "ready", waits for a line on
 * stdin, then adds 1 to the counter at {@code args[1]} under root {@code args[0]}, {@code args[2]}
 * times, with {@link BlobStore#putIfMatch} and retries; prints "done" at the end.
 */
public final class CasCounterMain {

    private CasCounterMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalBlobStore store = new LocalBlobStore(Path.of(args[0]));
        int increments = Integer.parseInt(args[2]);
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        for (int i = 0; i < increments; i++) {
            while (!ConditionalWriteContract.increment(store, args[1])) {
                // lost to the other process: read again
            }
        }
        System.out.println("done");
        System.out.flush();
    }
}
