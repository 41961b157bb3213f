package org.maskrecommender.testkit.lambda;

import java.util.Objects;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A {@link CodeFetcher} that reads the deployment package from a real S3 API (e.g. an
 * {@code S3ProxyServer}'s client), passing S3's error code through as Lambda does. Needs the (optional)
 * AWS SDK S3 module on the class path.
 */
public final class S3CodeFetcher implements CodeFetcher {

    private final S3Client s3;

    private S3CodeFetcher(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** The client stays owned by the caller: close it after the emulator. */
    public static S3CodeFetcher of(S3Client s3) {
        return new S3CodeFetcher(s3);
    }

    @Override
    public byte[] fetch(String bucket, String key, String objectVersion) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
        if (objectVersion != null) {
            request.versionId(objectVersion);
        }
        try {
            return s3.getObjectAsBytes(request.build()).asByteArray();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            throw new FetchException(code == null ? String.valueOf(e.statusCode()) : code, message);
        }
    }
}
