package org.maskrecommender.core.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.testkit.S3ProxyExtension;

class S3ModelStoreTest extends ModelStoreContract {

    @RegisterExtension
    static final S3ProxyExtension S3PROXY = new S3ProxyExtension();

    private S3Client s3;

    @Override
    BlobStore newBlobStore() {
        String bucket = S3PROXY.newBucket("models");
        s3 = S3PROXY.server().client();
        return new S3BlobStore(s3, bucket, "envs/staging");
    }

    @AfterEach
    void closeClient() {
        s3.close();
    }
}
