package org.maskrecommender.deployer.release;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What kind of Lambda deployment package a zip is, read from its central directory (the list of entries at the end
 * of the archive, so nothing is unpacked): a native package has an executable named {@code bootstrap} at its root,
 * which the {@code provided.*} runtimes run; a JVM package (Quarkus's {@code function.zip}: jars under {@code lib/})
 * has no {@code bootstrap} and jars or classes, which the {@code java*} runtimes load. Lambda accepts either kind on
 * any runtime and only fails when the version is invoked (an invalid entrypoint), after the release has changed
 * {@code $LATEST}; so a release checks the kind against the function's runtime before it changes anything.
 *
 * @param entries the archive's entry names, as stored
 */
record DeploymentPackage(List<String> entries) {

    /** The kinds a release tells apart. */
    enum Kind {
        NATIVE("a native package (an executable named bootstrap at its root)"),
        JVM("a JVM package (jars, no bootstrap at its root)"),
        OTHER("neither a native package (no bootstrap at its root) nor a JVM package (no jar or class)");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private static final int END_OF_DIRECTORY = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_END_OF_DIRECTORY = 0x06064b50;
    private static final int DIRECTORY_ENTRY = 0x02014b50;

    DeploymentPackage {
        entries = List.copyOf(entries);
    }

    /**
     * Reads the entry names from the central directory (ZIP and ZIP64).
     *
     * @throws ReleaseException when the bytes are not a zip archive
     */
    static DeploymentPackage read(byte[] zip) {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = -1;
        // The end record is 22 bytes plus a comment of at most 65,535.
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
            if (b.getInt(i) == END_OF_DIRECTORY) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new ReleaseException("not a zip archive (no central directory)");
        }
        long count = Short.toUnsignedInt(b.getShort(end + 10));
        long offset = Integer.toUnsignedLong(b.getInt(end + 16));
        if ((count == 0xFFFF || offset == 0xFFFF_FFFFL) && end >= 20 && b.getInt(end - 20) == ZIP64_LOCATOR) {
            long zip64End = b.getLong(end - 20 + 8);
            if (zip64End < 0 || zip64End > zip.length - 56 || b.getInt((int) zip64End) != ZIP64_END_OF_DIRECTORY) {
                throw new ReleaseException("not a zip archive (broken ZIP64 end record)");
            }
            count = b.getLong((int) zip64End + 32);
            offset = b.getLong((int) zip64End + 48);
        }
        List<String> names = new ArrayList<>();
        long at = offset;
        for (long n = 0; n < count; n++) {
            if (at < 0 || at > zip.length - 46 || b.getInt((int) at) != DIRECTORY_ENTRY) {
                throw new ReleaseException("not a zip archive (broken central directory)");
            }
            int p = (int) at;
            int nameLength = Short.toUnsignedInt(b.getShort(p + 28));
            int extraLength = Short.toUnsignedInt(b.getShort(p + 30));
            int commentLength = Short.toUnsignedInt(b.getShort(p + 32));
            if (p + 46 + nameLength > zip.length) {
                throw new ReleaseException("not a zip archive (broken central directory)");
            }
            names.add(new String(zip, p + 46, nameLength, StandardCharsets.UTF_8));
            at = (long) p + 46 + nameLength + extraLength + commentLength;
        }
        if (names.isEmpty()) {
            throw new ReleaseException("an empty zip archive");
        }
        return new DeploymentPackage(names);
    }

    Kind kind() {
        if (entries.contains("bootstrap")) {
            return Kind.NATIVE;
        }
        boolean jvm = entries.stream().anyMatch(e -> e.endsWith(".jar") || e.endsWith(".class"));
        return jvm ? Kind.JVM : Kind.OTHER;
    }

    /**
     * The kind a runtime starts: {@code provided.*} a native package, {@code java*} a JVM one; null for other
     * runtimes, which this deployer does not check.
     */
    static Kind kindFor(String runtime) {
        if (runtime == null) {
            return null;
        }
        if (runtime.startsWith("provided")) {
            return Kind.NATIVE;
        }
        return runtime.startsWith("java") ? Kind.JVM : null;
    }
}
