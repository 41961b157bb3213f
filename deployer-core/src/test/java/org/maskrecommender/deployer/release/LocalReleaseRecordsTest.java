package org.maskrecommender.deployer.release;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.LocalBlobStore;

class LocalReleaseRecordsTest extends ReleaseRecordsContract {

    @TempDir
    Path root;

    @Override
    BlobStore openStore() {
        return new LocalBlobStore(root);
    }
}
