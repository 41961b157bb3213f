package org.maskrecommender.testkit.lambda;

import java.util.Objects;

/**
 * What an emulated function was created with and the emulated API cannot change: its runtime and handler (which
 * decide what kind of deployment package can start), its {@code Timeout}, and whether SnapStart applies to
 * published versions. GetFunction/GetFunctionConfiguration report them as Lambda does.
 *
 * @param runtime        e.g. {@code provided.al2023} (a native executable named {@code bootstrap} at the zip's root)
 *                       or {@code java21} (jars, no {@code bootstrap})
 * @param handler        the handler Lambda reports (irrelevant to {@code provided.*} runtimes)
 * @param timeoutSeconds the function's {@code Timeout}, 1–900 seconds
 * @param snapStart      {@code SnapStart.ApplyOn: PublishedVersions}: a published version is {@code Pending} while
 *                       its snapshot is taken, and cannot be invoked until {@code Active}
 */
public record FunctionSettings(String runtime, String handler, int timeoutSeconds, boolean snapStart) {

    /** Quarkus's JVM handler, what the template's {@code jvm} runtime configures. */
    public static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    public FunctionSettings {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(handler, "handler");
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new IllegalArgumentException("Lambda's Timeout is 1-900 seconds, got " + timeoutSeconds);
        }
    }

    /** What {@link LambdaEmulator#createFunction(String, java.util.Map, byte[])} uses: java17, 15 s, no SnapStart. */
    public static FunctionSettings defaults() {
        return new FunctionSettings("java17", QUARKUS_HANDLER, 15, false);
    }

    /** The template's {@code InferenceRuntime=native}: provided.al2023, 30 s, no SnapStart. */
    public static FunctionSettings nativeImage() {
        return new FunctionSettings("provided.al2023", "not.used", 30, false);
    }

    /** The template's {@code InferenceRuntime=jvm}: java21, Quarkus's handler, 30 s, SnapStart on published versions. */
    public static FunctionSettings jvm() {
        return new FunctionSettings("java21", QUARKUS_HANDLER, 30, true);
    }

    public FunctionSettings withSnapStart(boolean on) {
        return new FunctionSettings(runtime, handler, timeoutSeconds, on);
    }

    public FunctionSettings withTimeout(int seconds) {
        return new FunctionSettings(runtime, handler, seconds, snapStart);
    }

    /** Whether a package of this kind starts on this runtime; runtimes other than provided.* and java* take any. */
    boolean starts(PackageKind kind) {
        if (runtime.startsWith("provided")) {
            return kind == PackageKind.NATIVE;
        }
        if (runtime.startsWith("java")) {
            return kind != PackageKind.NATIVE;
        }
        return true;
    }
}
