package org.maskrecommender.core.data;

/**
 * An {@code s3://bucket/key-or-prefix} location.
 *
 * @param bucket the bucket
 * @param key    the key or prefix, without a leading slash; empty for the bucket root
 */
public record S3Uri(String bucket, String key) {

    public static S3Uri parse(String location) {
        if (!location.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// location: " + location);
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in " + location);
        }
        return new S3Uri(bucket, key);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
