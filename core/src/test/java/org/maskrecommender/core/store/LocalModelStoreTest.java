package org.maskrecommender.core.store;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

class LocalModelStoreTest extends ModelStoreContract {

    @TempDir
    Path root;

    @Override
    BlobStore newBlobStore() {
        return new LocalBlobStore(root.resolve("store"));
    }
}
