package org.maskrecommender.core.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A {@link BlobStore} over S3: key {@code k} is the object {@code <prefix>/k} in the bucket. S3
 * puts are atomic by nature (an object is visible only once fully uploaded).
 *
 * <p>Conditional writes are S3's own: a PutObject with {@code If-None-Match: *} to create, with
 * {@code If-Match: <ETag>} to replace. AWS S3 checks the condition and writes atomically, so of
 * writers racing on one state exactly one wins; the others get 412 PreconditionFailed, or 409
 * ConditionalRequestConflict when a conflicting operation on the key finished first. An
 * S3-compatible server that does not check them atomically does not give that guarantee: S3Proxy
 * 4.1.0, used in the tests, checks If-Match outside its write, so the tests that race writers over it
 * make them take turns in test code ({@code SerializingBlobStore}); nothing here works around it.
 */
public final class S3BlobStore implements BlobStore {

    private static final int NOT_FOUND = 404;
    private static final int CONFLICT = 409;
    private static final int PRECONDITION_FAILED = 412;
    /**
     * User metadata ({@code x-amz-meta-write-id}) naming the call that made a conditional write, so a
     * refused retry of our own write can be told from a write of someone else (see {@link #conditionalPut}).
     */
    private static final String WRITE_ID = "write-id";

    private final S3Client s3;
    private final String bucket;
    /** Without leading or trailing slash; empty for the bucket root. */
    private final String prefix;

    public S3BlobStore(S3Client s3, String bucket, String prefix) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("no bucket");
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = stripSlashes(prefix == null ? "" : prefix);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return getResponse(key).map(ResponseBytes::asByteArray);
    }

    @Override
    public void put(String key, byte[] content) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(objectKey(key)).build(), RequestBody.fromBytes(content));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A HEAD first, so the usual refusal costs no upload; then a PutObject with
     * {@code If-None-Match: *}, which decides races (see {@link #conditionalPut}).
     */
    @Override
    public boolean putIfAbsent(String key, byte[] content) {
        if (exists(key)) {
            return false;
        }
        return conditionalPut(key, content, request -> request.ifNoneMatch("*"));
    }

    /** {@inheritDoc} The tag is the object's ETag, from the same GET as the bytes. */
    @Override
    public Optional<Versioned> getVersioned(String key) {
        return getResponse(key).map(response -> new Versioned(response.asByteArray(), response.response().eTag()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A PutObject with {@code If-Match: <expectedTag>}; with a null tag, {@link #putIfAbsent}. One
     * request, no HEAD first: the condition is the check. If-Match on a key that does not exist answers
     * 404 NoSuchKey: false. A missing bucket is an error, not a refusal.
     */
    @Override
    public boolean putIfMatch(String key, byte[] content, String expectedTag) {
        Objects.requireNonNull(content, "content");
        if (expectedTag == null) {
            return putIfAbsent(key, content);
        }
        return conditionalPut(key, content, request -> request.ifMatch(expectedTag));
    }

    /**
     * The conditional PutObject, with a write id of its own in the object's metadata. True when it
     * wrote; false when S3 refused it: 412 (the condition does not hold), 409 (a conflicting
     * operation on the key came first), 404 (If-Match on a missing key).
     *
     * <p>The write id: the SDK retries a PUT whose response was lost, and when the first attempt had
     * landed, the retry is refused (412), as it should be. On a refusal a HEAD tells that case apart:
     * the object carries our write id only if this call wrote it. Comparing bytes instead would
     * also count another writer that derived the same bytes from the same state (two increments of
     * one counter) as us, losing an update. Left out: our write landing, its response lost, and
     * another writer replacing it before the SDK's retry; then this is false although we wrote.
     */
    private boolean conditionalPut(String key, byte[] content, UnaryOperator<PutObjectRequest.Builder> condition) {
        String writeId = UUID.randomUUID().toString();
        PutObjectRequest request = condition.apply(PutObjectRequest.builder().bucket(bucket).key(objectKey(key))
                .metadata(Map.of(WRITE_ID, writeId))).build();
        try {
            s3.putObject(request, RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
                return head(key).map(head -> writeId.equals(head.metadata().get(WRITE_ID))).orElse(false);
            }
            if (e.statusCode() == NOT_FOUND && !isNoSuchBucket(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean exists(String key) {
        return head(key).isPresent();
    }

    @Override
    public String describe(String key) {
        return "s3://" + bucket + "/" + (prefix.isEmpty() ? key : prefix + "/" + key);
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + describe("") + "]";
    }

    private Optional<HeadObjectResponse> head(String key) {
        return unlessAbsent(() -> s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(objectKey(key)).build()));
    }

    private Optional<ResponseBytes<GetObjectResponse>> getResponse(String key) {
        return unlessAbsent(() -> s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(objectKey(key))
                .build()));
    }

    /**
     * The call's result, empty when the key is absent. Some S3 implementations answer 404 without the
     * NoSuchKey code the SDK maps, so any 404 counts — except a missing bucket (NoSuchBucket, also 404),
     * which is a configuration error and must not read as "absent".
     */
    private static <T> Optional<T> unlessAbsent(Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND && !isNoSuchBucket(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String objectKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("key must be relative to the store prefix: " + key);
        }
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static String stripSlashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }
}
