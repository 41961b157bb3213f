package org.maskrecommender.testkit.lambda;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What a deployment package holds, as far as starting it goes: a {@code bootstrap} at the zip's root (what a
 * {@code provided.*} runtime executes), or not (what a Java runtime loads classes from).
 */
enum PackageKind {
    /** A {@code bootstrap} file at the root. */
    NATIVE,
    /** No {@code bootstrap} at the root. */
    OTHER;

    /** @throws IllegalArgumentException when the bytes are not a zip archive with at least one entry */
    static PackageKind of(byte[] zip) {
        boolean any = false;
        boolean bootstrap = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                any = true;
                bootstrap |= "bootstrap".equals(e.getName());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a zip archive: " + e.getMessage(), e);
        }
        if (!any) {
            throw new IllegalArgumentException("not a zip archive (no entries)");
        }
        return bootstrap ? NATIVE : OTHER;
    }
}
