package org.maskrecommender.cli.invoke;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.maskrecommender.cli.CliContext;

/**
 * {@code invoke inference|training|deployer --event FILE}: one event through the function's own deployment package,
 * run as Lambda runs it (see {@link LocalInvoker}), configured by the same environment variables as on Lambda. How an
 * operator tries an event before sending it to AWS. Exit status 0 for an answer (printed on stdout), 1 for a function
 * error (its type and message on stderr) or when the function could not run.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Run one event through a function's deployment package as Lambda would, and print its answer.",
                "The function is configured by this shell's environment variables (as on Lambda) and --env.",
                "Needs Linux: the JVM functions run in AWS's Java runtime client, whose native part is built for it."})
public final class InvokeCommand implements Callable<Integer> {

    /** The functions of the stack, by the module that builds each one's package. */
    public enum LambdaFunction {
        INFERENCE, TRAINING, DEPLOYER;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The function named {@code id} ({@code inference}, {@code training} or {@code deployer}). */
        public static LambdaFunction of(String id) {
            for (LambdaFunction f : values()) {
                if (f.id().equals(id)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown function '" + id + "'; expected inference, training or deployer");
        }

        @Override
        public String toString() {
            return id();
        }
    }

    private static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String RUNTIME_SERIALIZATION =
            "com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers";

    private final CliContext context;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "inference, training or deployer.")
    LambdaFunction function;

    @Option(names = "--event", required = true, paramLabel = "FILE|-",
            description = "The event (JSON), or - to read it from standard input. Samples: docs/events/.")
    String event;

    @Option(names = "--package", paramLabel = "ZIP",
            description = "The function's deployment package. Default: <function>/target/function.zip in the project, "
                    + "as ./mvnw -pl <function> -am package builds it.")
    Path packageZip;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "An environment variable of the function, beside (and over) this shell's. Repeatable.")
    Map<String, String> env = new HashMap<>();

    @Option(names = "--name", paramLabel = "NAME",
            description = "The function's name (AWS_LAMBDA_FUNCTION_NAME). Default: mask-recommender-<function>-local.")
    String name;

    @Option(names = "--timeout", defaultValue = "900", paramLabel = "SECONDS",
            description = "The function's timeout (default: ${DEFAULT-VALUE}, Lambda's maximum).")
    int timeoutSeconds;

    public InvokeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        byte[] payload = readEvent();
        Path zip = packageZip != null ? packageZip : context.home().resolve(function.id()).resolve("target")
                .resolve("function.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException("no deployment package at " + zip + "; build it with ./mvnw -q -B "
                    + "-DskipTests -pl " + function.id() + " -am package, or give --package");
        }
        Path unpacked = Files.createTempDirectory("mask-recommender-" + function.id() + "-");
        try {
            FunctionPackage fn = FunctionPackage.unpack(zip, unpacked);
            Map<String, String> environment = new HashMap<>(context.environment());
            environment.putAll(env);
            LocalInvoker invoker = new LocalInvoker(java(), runtimeClientJars(), context.mapper(), context.err());
            context.err().printf("… invoking %s (%s package %s)%n", function, fn.isNative() ? "native" : "JVM", zip);
            Outcome outcome = invoker.invoke(fn, name != null ? name : "mask-recommender-" + function.id() + "-local",
                    environment, payload, Duration.ofSeconds(timeoutSeconds));
            return report(outcome);
        } finally {
            delete(unpacked);
        }
    }

    private int report(Outcome outcome) {
        if (outcome instanceof Outcome.Answer answer) {
            context.out().println(new String(answer.payload(), StandardCharsets.UTF_8));
            context.out().flush();
            return 0;
        }
        String message;
        if (outcome instanceof Outcome.Failed failed) {
            message = "function error [" + failed.type() + "]" + (failed.init() ? " while initialising" : "") + ": "
                    + failed.message();
        } else if (outcome instanceof Outcome.Exited exited) {
            message = "error: the function's process ended (exit status " + exited.exitCode()
                    + ") without answering; its log is above";
        } else {
            message = "error: no answer within " + ((Outcome.TimedOut) outcome).timeout().toSeconds()
                    + " s (--timeout); the function was stopped";
        }
        context.err().println(message);
        context.err().flush();
        return 1;
    }

    private byte[] readEvent() throws IOException {
        byte[] payload = event.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(event));
        try {
            // Lambda's Invoke refuses a payload that is not JSON before any function sees it; so does this.
            context.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException((event.equals("-") ? "standard input" : event)
                    + " is not a JSON event: " + e.getOriginalMessage());
        }
        return payload;
    }

    private static Path java() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** AWS's Java runtime interface client, from this app's own class path. */
    private static List<Path> runtimeClientJars() throws ClassNotFoundException, URISyntaxException {
        return List.of(jarOf(RUNTIME_CLIENT), jarOf(RUNTIME_SERIALIZATION));
    }

    private static Path jarOf(String className) throws ClassNotFoundException, URISyntaxException {
        Class<?> type = Class.forName(className, false, InvokeCommand.class.getClassLoader());
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
