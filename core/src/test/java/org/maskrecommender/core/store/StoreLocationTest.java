package org.maskrecommender.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

class StoreLocationTest {

    private static final Supplier<S3Client> NO_S3 = () -> {
        throw new AssertionError("a local location must not ask for an S3 client");
    };

    @TempDir
    Path dir;

    @Test
    void s3LocationOpensAnS3StoreWithBucketAndPrefix() {
        AtomicInteger clientsRequested = new AtomicInteger();
        BlobStore store = StoreLocation.open("s3://model-bucket/envs/staging/", () -> {
            clientsRequested.incrementAndGet();
            return new UnusedS3Client();
        });

        assertThat(store).isInstanceOf(S3BlobStore.class);
        assertThat(store.describe("models/latest.json")).isEqualTo("s3://model-bucket/envs/staging/models/latest.json");
        assertThat(clientsRequested).hasValue(1);
    }

    @Test
    void bucketOnlyLocationHasNoPrefix() {
        BlobStore store = StoreLocation.open("s3://model-bucket", UnusedS3Client::new);

        assertThat(store.describe("models/latest.json")).isEqualTo("s3://model-bucket/models/latest.json");
    }

    @Test
    void pathOpensALocalStore() {
        BlobStore store = StoreLocation.open(dir.resolve("models-root").toString(), NO_S3);

        assertThat(store).isInstanceOf(LocalBlobStore.class);
        assertThat(((LocalBlobStore) store).root()).isEqualTo(dir.resolve("models-root").toAbsolutePath());
    }

    @Test
    void fileUriOpensALocalStore() {
        BlobStore store = StoreLocation.open(dir.resolve("models-root").toUri().toString(), NO_S3);

        assertThat(store).isInstanceOf(LocalBlobStore.class);
        assertThat(((LocalBlobStore) store).root()).isEqualTo(dir.resolve("models-root").toAbsolutePath());
    }

    @Test
    void typosAndOtherSchemesAreRefusedRatherThanTreatedAsDirectories() {
        for (String bad : new String[] {"s3:/model-bucket/x", "s3:model-bucket", "https://example.com/models", "", "  "}) {
            assertThatThrownBy(() -> StoreLocation.open(bad, NO_S3)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Never called: only describe() is exercised. */
    private static final class UnusedS3Client implements S3Client {
        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }
}
