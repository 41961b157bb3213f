package org.maskrecommender.deployer.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import org.maskrecommender.testkit.lambda.DeploymentPackages;

/** Reading a package's kind from its central directory, on real zips. */
class DeploymentPackageTest {

    @Test
    void aNativeAndAJvmPackageAreToldApart() {
        assertThat(DeploymentPackage.read(DeploymentPackages.nativeZip("a")).kind())
                .isEqualTo(DeploymentPackage.Kind.NATIVE);
        assertThat(DeploymentPackage.read(DeploymentPackages.jvmZip("a")).kind()).isEqualTo(DeploymentPackage.Kind.JVM);
        assertThat(DeploymentPackage.read(DeploymentPackages.jvmZip("a")).entries()).contains("lib/");
    }

    @Test
    void onlyABootstrapAtTheRootMakesAPackageNative() throws IOException {
        byte[] nested = zip(70, "app/bootstrap", "README.txt");
        assertThat(DeploymentPackage.read(nested).kind()).isEqualTo(DeploymentPackage.Kind.OTHER);
    }

    @Test
    void aZip64ArchiveIsRead() throws IOException {
        // more than 65,535 entries: the counts and offsets move to the ZIP64 end record
        String[] names = new String[70_000];
        for (int i = 0; i < names.length; i++) {
            names[i] = "lib/c" + i + ".class";
        }
        DeploymentPackage p = DeploymentPackage.read(zip(0, names));
        assertThat(p.entries()).hasSize(70_000);
        assertThat(p.kind()).isEqualTo(DeploymentPackage.Kind.JVM);
    }

    @Test
    void whatIsNotAZipIsRefused() {
        assertThatThrownBy(() -> DeploymentPackage.read("#!/bin/sh".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("not a zip archive");
        assertThatThrownBy(() -> DeploymentPackage.read(new byte[0])).isInstanceOf(ReleaseException.class);
    }

    @Test
    void runtimesNeedTheirKind() {
        assertThat(DeploymentPackage.kindFor("provided.al2023")).isEqualTo(DeploymentPackage.Kind.NATIVE);
        assertThat(DeploymentPackage.kindFor("java21")).isEqualTo(DeploymentPackage.Kind.JVM);
        assertThat(DeploymentPackage.kindFor("python3.12")).isNull();
    }

    private static byte[] zip(int commentLength, String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setComment("x".repeat(commentLength));
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(1);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
