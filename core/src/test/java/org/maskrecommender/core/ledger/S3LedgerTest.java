package org.maskrecommender.core.ledger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.S3BlobStore;
import org.maskrecommender.core.store.SerializingBlobStore;
import org.maskrecommender.testkit.S3ProxyExtension;

class S3LedgerTest extends LedgerContract {

    @RegisterExtension
    static final S3ProxyExtension S3PROXY = new S3ProxyExtension();

    /** S3Proxy checks If-Match outside its write: the contract's racing writers take turns per key. */
    private final SerializingBlobStore.Turns turns = new SerializingBlobStore.Turns();
    private S3Client s3;
    private String bucket;

    @BeforeEach
    void setUp() {
        bucket = S3PROXY.newBucket("ledger");
        s3 = S3PROXY.server().client();
    }

    @AfterEach
    void tearDown() {
        s3.close();
    }

    @Override
    BlobStore openStore() {
        return new SerializingBlobStore(new S3BlobStore(s3, bucket, "envs/staging"), turns);
    }
}
