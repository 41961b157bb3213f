package org.maskrecommender.core.store;

/**
 * The outcome of {@link ModelStore#publish}: the version is complete and verified.
 *
 * @param version        the version id
 * @param location       where its files live, e.g. {@code s3://bucket/prefix/models/<version>/}
 * @param manifestSha256 hex sha256 of the stored {@code manifest.json}, also recorded in {@code latest.json}
 * @param latest         whether {@code latest.json} names it now (false when not asked to, or when a newer
 *                       version got there first: the pointer never moves back)
 */
public record PublishedVersion(String version, String location, String manifestSha256, boolean latest) {

    /** What readers may serve of this version. */
    public ModelRef ref() {
        return new ModelRef(version, manifestSha256);
    }
}
