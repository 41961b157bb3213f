package org.maskrecommender.core.store;

/**
 * The outcome of {@link ModelStore#publish}: the version is complete, verified, and the latest.
 *
 * @param version        the version id
 * @param location       where its files live, e.g. {@code s3://bucket/prefix/models/<version>/}
 * @param manifestSha256 hex sha256 of the stored {@code manifest.json}, also recorded in
 *                       {@code latest.json}
 */
public record PublishedVersion(String version, String location, String manifestSha256) {
}
