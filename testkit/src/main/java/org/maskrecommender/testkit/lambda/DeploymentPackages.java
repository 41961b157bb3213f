package org.maskrecommender.testkit.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small, real deployment packages of the two kinds the inference function ships, for tests: a native one
 * ({@code bootstrap} at the root, what {@code provided.al2023} runs) and a JVM one (Quarkus's {@code function.zip}
 * layout: jars under {@code lib/}, no {@code bootstrap}, what {@code java21} runs). {@code label} goes into the
 * package, so different labels give different CodeSha256s; the same label gives the same bytes.
 */
public final class DeploymentPackages {

    private DeploymentPackages() {
    }

    /** A native package: an executable {@code bootstrap} at the root. */
    public static byte[] nativeZip(String label) {
        return nativeZip(label, 0);
    }

    /**
     * A native package with {@code padding} more bytes that do not compress (a stand-in for a large executable), so
     * the zip is at least that big.
     */
    public static byte[] nativeZip(String label, int padding) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("bootstrap", ("#!/bin/sh\n# native inference " + label + "\n").getBytes(StandardCharsets.UTF_8));
        if (padding > 0) {
            byte[] noise = new byte[padding];
            new Random(label.hashCode()).nextBytes(noise);
            entries.put("libsunec.so", noise);
        }
        return zip(entries);
    }

    /** A JVM package as Quarkus's amazon-lambda extension builds it: jars under {@code lib/}, no bootstrap. */
    public static byte[] jvmZip(String label) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("lib/", new byte[0]);
        entries.put("lib/io.quarkus.quarkus-amazon-lambda-3.33.2.jar", jar("io/quarkus/amazon/lambda/runtime/"
                + "QuarkusStreamHandler.class"));
        entries.put("lib/org.maskrecommender.inference-" + label + ".jar", jar("org/maskrecommender/inference/"
                + "InferenceService.class"));
        return zip(entries);
    }

    private static byte[] jar(String classEntry) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
        entries.put(classEntry, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
        return zip(entries);
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0L); // the same label gives the same bytes
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
