package org.maskrecommender.cli.invoke;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's deployment package, unpacked as Lambda unpacks it into {@code LAMBDA_TASK_ROOT}: either a native
 * build (an executable {@code bootstrap} at the root, for the {@code provided.al2023} runtime) or a JVM build
 * (classes at the root and jars under {@code lib/}, for the Java runtimes).
 *
 * @param root the unpacked package
 */
record FunctionPackage(Path root) {

    /** Whether this is a native build: Lambda's custom runtimes start {@code bootstrap}. */
    boolean isNative() {
        return Files.isRegularFile(root.resolve("bootstrap"));
    }

    /**
     * Unpacks a zip into an empty directory.
     *
     * @throws IOException when the zip cannot be read, or an entry would land outside the directory
     */
    static FunctionPackage unpack(Path zip, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        boolean any = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                any = true;
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException(zip + ": entry " + entry.getName() + " points outside the package");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (!any) {
            throw new IOException(zip + " is not a zip file, or an empty one");
        }
        FunctionPackage unpacked = new FunctionPackage(root);
        if (unpacked.isNative()) {
            // Zip entries lose their mode here; Lambda runs bootstrap as an executable.
            Files.setPosixFilePermissions(root.resolve("bootstrap"), Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        }
        return unpacked;
    }

    /**
     * The command that starts the function as Lambda would: {@code bootstrap} for a native build; for a JVM build,
     * AWS's Java runtime interface client (the one the managed Java runtimes run) with the package on the class path,
     * the handler as its argument, and the JVM options the managed Java runtimes set by default.
     *
     * @param java             the {@code java} executable
     * @param runtimeClientJars AWS's runtime interface client and its serialisation jar
     * @param handler          the function's handler ({@code class::method})
     */
    List<String> command(Path java, List<Path> runtimeClientJars, String handler) {
        if (isNative()) {
            return List.of(root.resolve("bootstrap").toString());
        }
        List<String> classPath = new ArrayList<>();
        classPath.add(root.toString());
        classPath.add(root.resolve("lib") + "/*");
        runtimeClientJars.forEach(jar -> classPath.add(jar.toString()));
        return List.of(java.toString(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", String.join(File.pathSeparator, classPath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler);
    }
}
