package org.maskrecommender.core.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.data.S3Uri;

/** Turns a configured store location into a {@link BlobStore}. */
public final class StoreLocation {

    private static final Pattern URI_WITH_AUTHORITY = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    private StoreLocation() {
    }

    /**
     * {@code s3://bucket/prefix} → {@link S3BlobStore} (the client is only requested then, so local
     * use needs no AWS configuration); a path or {@code file:} URI → {@link LocalBlobStore}.
     *
     * @throws IllegalArgumentException for blank locations and other URI schemes (a typo such as
     *                                  {@code s3:/bucket} must not quietly become a local directory)
     */
    public static BlobStore open(String location, Supplier<S3Client> s3) {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("no model store location given");
        }
        String trimmed = location.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            S3Uri uri = S3Uri.parse("s3://" + trimmed.substring("s3://".length()));
            return new S3BlobStore(s3.get(), uri.bucket(), uri.key());
        }
        if (lower.startsWith("file:")) {
            return new LocalBlobStore(Path.of(URI.create(trimmed)));
        }
        if (lower.startsWith("s3:") || URI_WITH_AUTHORITY.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("unsupported model store location " + location
                    + ": use s3://bucket/prefix, a directory path or a file: URI");
        }
        return new LocalBlobStore(Path.of(trimmed));
    }
}
