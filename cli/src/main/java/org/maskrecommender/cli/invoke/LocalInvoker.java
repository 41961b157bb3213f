package org.maskrecommender.cli.invoke;

import java.io.IOException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs one event through a function's deployment package on this machine, the way Lambda runs it: the package's own
 * runtime (AWS's Java runtime client, or a native {@code bootstrap}) in a process of its own, with the environment
 * variables it is given plus those Lambda sets, fetching the event from a one-shot {@link RuntimeApi}. The process's
 * output (the function's log) goes to {@code log}; the answer is the outcome.
 */
final class LocalInvoker {

    /** The handler of every JVM function in the template. */
    static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private final Path java;
    private final List<Path> runtimeClientJars;
    private final ObjectMapper mapper;
    private final PrintWriter log;

    LocalInvoker(Path java, List<Path> runtimeClientJars, ObjectMapper mapper, PrintWriter log) {
        this.java = java;
        this.runtimeClientJars = List.copyOf(runtimeClientJars);
        this.mapper = mapper;
        this.log = log;
    }

    /**
     * @param function    the unpacked package
     * @param name        the function's name ({@code AWS_LAMBDA_FUNCTION_NAME})
     * @param environment the function's environment variables (its configuration)
     * @param event       the event, as the caller would send it
     * @param timeout     the function's timeout
     */
    Outcome invoke(FunctionPackage function, String name, Map<String, String> environment, byte[] event,
                   Duration timeout) throws IOException, InterruptedException {
        String requestId = UUID.randomUUID().toString();
        String region = environment.getOrDefault("AWS_REGION", "us-east-1");
        String arn = "arn:aws:lambda:" + region + ":000000000000:function:" + name;
        try (RuntimeApi api = new RuntimeApi(event, requestId, arn, timeout, mapper)) {
            Map<String, String> env = new HashMap<>(environment);
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("AWS_LAMBDA_FUNCTION_NAME", name);
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.putIfAbsent("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            env.put("AWS_REGION", region);
            env.put("LAMBDA_TASK_ROOT", function.root().toString());
            env.put("_HANDLER", QUARKUS_HANDLER);
            ProcessBuilder builder = new ProcessBuilder(function.command(java, runtimeClientJars, QUARKUS_HANDLER))
                    .directory(function.root().toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            Thread pump = pump(process.getInputStream());
            try {
                return await(api, process, timeout);
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                pump.join(TimeUnit.SECONDS.toMillis(5));
                log.flush();
            }
        }
    }

    private static Outcome await(RuntimeApi api, Process process, Duration timeout) throws InterruptedException {
        // Whichever comes first: an answer, or the process ending without one (a crash, a runtime that cannot start).
        var exited = process.onExit().thenApply(p -> (Outcome) new Outcome.Exited(p.exitValue()));
        try {
            return api.outcome().applyToEither(exited, outcome -> outcome).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Outcome.TimedOut(timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for the function failed", e.getCause());
        }
    }

    /** Copies the function's log lines to {@code log} as they come. */
    private Thread pump(InputStream output) {
        Thread thread = new Thread(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (log) {
                        log.println(line);
                    }
                }
            } catch (IOException e) {
                // The process was stopped while writing; what it wrote so far is in the log.
            }
        }, "function-log");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
