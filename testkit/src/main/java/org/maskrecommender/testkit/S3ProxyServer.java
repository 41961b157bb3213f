package org.maskrecommender.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A real S3 API on a loopback port: S3Proxy 4.1.0 with the in-memory {@code transient} backend, run
 * as a separate java process so its ~200 jars never meet the caller's class path (Quarkus tests).
 *
 * <p>Requests are authenticated (AWS signature v2 or v4) with the fixed {@link #ACCESS_KEY} /
 * {@link #SECRET_KEY}, so a client that is not configured for this server fails as it would on AWS
 * rather than silently working.
 *
 * <p>Two ways to get one: {@link #shared()}, the test JVM's one server, started on first use and
 * stopped when the JVM exits (tests share it, each on buckets of its own; {@link S3ProxyExtension}
 * uses it), or {@link #start()}, a server of the caller's own with its own (empty) data, for a test
 * that stops it or needs it empty; use that one with try-with-resources. A server from
 * {@link #startRestartable()} keeps its objects on disk, so it can be {@link #stop() stopped} and
 * {@link #restart() started again} on the same port with the same data: an S3 outage for fault tests.
 *
 * <p>The jar comes from the system property {@code s3proxy.jar} (set by surefire in the parent pom);
 * without it, {@code testkit/target/s3proxy/s3proxy.jar} is searched upwards from the working
 * directory.
 *
 * <p>Above 300 lines because it owns a separate S3Proxy process end to end (fetching, starting, readiness, restart on
 * the same data, stop) for every test JVM.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "testkit-access-key";
    public static final String SECRET_KEY = "testkit-secret-key";
    public static final String REGION = "us-east-1";

    /** Measured start-up is ~1.6 s; the bound only matters on a badly overloaded machine. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final String JAR_PROPERTY = "s3proxy.jar";
    private static final String JAR_RELATIVE = "testkit/target/s3proxy/s3proxy.jar";
    /** A port picked free can be taken before S3Proxy binds it; a new port fixes that. */
    private static final int START_ATTEMPTS = 3;

    /** This class loader's handle on the JVM's shared server, once asked for; see {@link #shared()}. */
    private static S3ProxyServer shared;

    /**
     * The process, when this instance started it; null in another class loader's view of the shared server.
     * Replaced by {@link #restart()}.
     */
    private volatile Process process;
    private volatile ProcessHandle handle;
    private final Path workDir;
    private volatile Path log;
    private final URI endpoint;
    private final HttpClient http;
    private final Thread shutdownHook;
    private final boolean isShared;
    /** Where the objects live on disk, for a restartable server; null for the in-memory backend. */
    private final Path dataDir;
    private int restarts;

    private S3ProxyServer(Process process, Path workDir, Path log, URI endpoint, HttpClient http, boolean isShared,
                          Path dataDir) {
        this.process = process;
        this.handle = process.toHandle();
        this.workDir = workDir;
        this.log = log;
        this.endpoint = endpoint;
        this.http = http;
        this.isShared = isShared;
        this.dataDir = dataDir;
        // A test JVM that exits without close() (crash, Ctrl-C; always, for the shared server) must not
        // leave a server running.
        this.shutdownHook = new Thread(() -> {
            this.process.destroyForcibly();
            deleteRecursively(workDir);
        }, "s3proxy-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A view of the shared server another class loader's copy of this class started and stops. */
    private S3ProxyServer(ProcessHandle handle, Path log, URI endpoint) {
        this.process = null;
        this.handle = handle;
        this.workDir = null;
        this.log = log;
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.shutdownHook = null;
        this.isShared = true;
        this.dataDir = null;
    }

    /**
     * The test JVM's shared server: started on the first call (at most {@link #DEFAULT_START_TIMEOUT}),
     * then the same running server for every caller until the JVM exits, when a shutdown hook stops
     * it. Starting S3Proxy takes about two seconds; one server per JVM instead of one per test class
     * saves that for every class but the first. Callers share its data, so each test creates buckets
     * of its own (unique names, e.g. {@link S3ProxyExtension#newBucket(String)}); it cannot be closed
     * (a test that stops S3Proxy, or needs an empty one, {@link #start() starts its own}).
     *
     * <p>One per JVM, not per class loader: a Quarkus test runs in a class loader of its application
     * (one per test profile), with its own copy of this class. Such a copy asks the copy in the system
     * class loader (the test class path), which starts and owns the server, and gets a view of it.
     *
     * @throws IllegalStateException when it does not start, or when it has died since (with its output)
     */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = ownedBySystemClassLoader().orElseGet(() -> start(DEFAULT_START_TIMEOUT, true, false));
        }
        if (!shared.handle.isAlive()) {
            throw new IllegalStateException("the shared S3Proxy (" + shared.endpoint + ", pid " + shared.handle.pid()
                    + ") is no longer running\n--- S3Proxy output ---\n" + shared.output());
        }
        return shared;
    }

    /**
     * When this copy of the class is not the system class loader's, a view of the server the system
     * class loader's copy shares; only JDK types cross between the two copies.
     */
    private static Optional<S3ProxyServer> ownedBySystemClassLoader() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        Class<?> owner;
        try {
            owner = Class.forName(S3ProxyServer.class.getName(), true, system);
        } catch (ClassNotFoundException notOnTheSystemClassPath) {
            return Optional.empty();
        }
        if (owner == S3ProxyServer.class) {
            return Optional.empty();
        }
        try {
            Object server = owner.getMethod("shared").invoke(null);
            long pid = (long) owner.getMethod("pid").invoke(server);
            URI endpoint = (URI) owner.getMethod("endpoint").invoke(server);
            java.lang.reflect.Method logFile = owner.getDeclaredMethod("logFile");
            logFile.setAccessible(true);
            Path log = (Path) logFile.invoke(server);
            ProcessHandle handle = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("the shared S3Proxy (pid " + pid + ") is gone"));
            return Optional.of(new S3ProxyServer(handle, log, endpoint));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("cannot get the shared S3Proxy", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the system class loader's shared S3Proxy", e);
        }
    }

    /** Where S3Proxy's output goes; read by other class loaders' views of the shared server. */
    private Path logFile() {
        return log;
    }

    /** Starts a server and waits until it answers HTTP, at most {@link #DEFAULT_START_TIMEOUT}. */
    public static S3ProxyServer start() {
        return start(DEFAULT_START_TIMEOUT);
    }

    /** Starts a server and waits until it answers HTTP, at most {@code timeout} per attempt. */
    public static S3ProxyServer start(Duration timeout) {
        return start(timeout, false, false);
    }

    /**
     * Starts a server of the caller's own that keeps its objects in a directory (S3Proxy's {@code filesystem}
     * backend instead of the in-memory one), so {@link #stop()} and {@link #restart()} give an outage with
     * the data intact, on the same endpoint. Close it when done.
     */
    public static S3ProxyServer startRestartable() {
        return start(DEFAULT_START_TIMEOUT, false, true);
    }

    private static S3ProxyServer start(Duration timeout, boolean isShared, boolean onDisk) {
        Path jar = locateJar();
        Path workDir;
        try {
            workDir = Files.createTempDirectory("s3proxy-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory for S3Proxy", e);
        }
        Path dataDir = onDisk ? workDir.resolve("data") : null;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path log = workDir.resolve("s3proxy-" + attempt + ".log");
            Process process = launch(jar, workDir, endpoint, log, dataDir);
            String failure = awaitReady(process, http, endpoint, timeout);
            if (failure == null) {
                return new S3ProxyServer(process, workDir, log, endpoint, http, isShared, dataDir);
            }
            stop(process);
            failures.add("attempt " + attempt + " on " + endpoint + ": " + failure + "\n--- S3Proxy output ---\n"
                    + readQuietly(log));
        }
        deleteRecursively(workDir);
        throw new IllegalStateException("S3Proxy (" + jar + ") did not start:\n" + String.join("\n", failures));
    }

    /** Base URL of the S3 API, e.g. {@code http://127.0.0.1:40123}; use path-style addressing. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /** Operating-system process id, for diagnostics. */
    public long pid() {
        return handle.pid();
    }

    /**
     * The Quarkus (Quarkiverse S3 extension) settings that point a Lambda app's S3 client at this
     * server: endpoint, path-style addressing, plain (not aws-chunked) uploads, region, static keys.
     */
    public Map<String, String> quarkusS3Config() {
        return Map.of(
                "quarkus.s3.endpoint-override", endpoint.toString(),
                "quarkus.s3.path-style-access", "true",
                "quarkus.s3.chunked-encoding", "false",
                "quarkus.s3.aws.region", REGION,
                "quarkus.s3.aws.credentials.type", "static",
                "quarkus.s3.aws.credentials.static-provider.access-key-id", ACCESS_KEY,
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", SECRET_KEY);
    }

    /**
     * The standard AWS environment variables that point an SDK (a child process, the CLI, a packaged
     * app) at this server. Path-style addressing must still be enabled in the client's own config.
     */
    public Map<String, String> awsEnvironment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ENDPOINT_URL_S3", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION);
    }

    /**
     * Creates a bucket. Signed with AWS signature v2 over plain HTTP so the test kit itself needs no
     * AWS SDK.
     */
    public void createBucket(String name) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String stringToSign = "PUT\n\n\n" + date + "\n/" + name;
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/" + name))
                .timeout(Duration.ofSeconds(10))
                .header("Date", date)
                .header("Authorization", "AWS " + ACCESS_KEY + ":" + hmacSha1Base64(SECRET_KEY, stringToSign))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create bucket " + name + " on " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating bucket " + name, e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("creating bucket " + name + " on " + endpoint + " answered HTTP "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /**
     * An AWS SDK v2 client for this server (path-style, static credentials, url-connection HTTP
     * client). The caller closes it. Needs {@code software.amazon.awssdk:s3} and
     * {@code url-connection-client} on the caller's class path: the test kit declares them optional.
     */
    public S3Client client() {
        return S3ProxyClients.create(this);
    }

    /**
     * The builder of {@link #client()}, for a test that adds to it (an {@code ExecutionInterceptor}
     * that records requests, say) before building. Same class-path needs as {@link #client()}.
     */
    public S3ClientBuilder clientBuilder() {
        return S3ProxyClients.builder(this);
    }

    /** What S3Proxy printed so far, for failure messages. */
    public String output() {
        return readQuietly(log);
    }

    /**
     * Kills the process of a {@link #startRestartable() restartable} server, keeping its data and endpoint:
     * calls fail with connection refused until {@link #restart()}. Returns once the process has exited.
     *
     * @throws UnsupportedOperationException for a server whose data lives only in its process
     */
    public synchronized void stop() {
        requireRestartable("stop");
        // killed, as a crashed or lost server would be (S3Proxy takes seconds to stop gracefully)
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + this, e);
        }
    }

    /**
     * Starts a stopped {@link #startRestartable() restartable} server again, on the same endpoint and over the
     * same data, and waits until it answers HTTP (at most {@link #DEFAULT_START_TIMEOUT}).
     *
     * @throws IllegalStateException when it is running, or does not start (e.g. its port was taken meanwhile)
     */
    public synchronized void restart() {
        requireRestartable("restart");
        if (process.isAlive()) {
            throw new IllegalStateException(this + " is running; stop() it first");
        }
        restarts++;
        Path newLog = workDir.resolve("s3proxy-restart-" + restarts + ".log");
        Process started = launch(locateJar(), workDir, endpoint, newLog, dataDir);
        process = started;
        handle = started.toHandle();
        log = newLog;
        String failure = awaitReady(started, http, endpoint, DEFAULT_START_TIMEOUT);
        if (failure != null) {
            stop(started);
            throw new IllegalStateException("S3Proxy did not restart on " + endpoint + ": " + failure
                    + "\n--- S3Proxy output ---\n" + readQuietly(newLog));
        }
    }

    /** Whether the server's process is running (false between {@link #stop()} and {@link #restart()}). */
    public boolean isRunning() {
        return handle.isAlive();
    }

    private void requireRestartable(String what) {
        if (dataDir == null) {
            throw new UnsupportedOperationException("cannot " + what + " " + this + ": its objects live only in its "
                    + "process; use S3ProxyServer.startRestartable()");
        }
    }

    /** Whether this is the JVM's {@link #shared()} server. */
    public boolean isShared() {
        return isShared;
    }

    /**
     * Stops the server and deletes its data.
     *
     * @throws UnsupportedOperationException for the {@link #shared()} server, which other tests are using
     */
    @Override
    public void close() {
        if (isShared) {
            throw new UnsupportedOperationException("the shared S3Proxy runs until the JVM exits; a test that stops "
                    + "S3Proxy starts its own with S3ProxyServer.start()");
        }
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway; nothing left to undo
        }
        deleteRecursively(workDir);
    }

    @Override
    public String toString() {
        return "S3ProxyServer[" + endpoint + ", pid " + handle.pid() + (isShared ? ", shared" : "") + "]";
    }

    /** @param dataDir where the objects live, or null to keep them in the process's memory */
    private static Process launch(Path jar, Path workDir, URI endpoint, Path log, Path dataDir) {
        Path properties = workDir.resolve("s3proxy-" + endpoint.getPort() + ".conf");
        String config = String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                dataDir == null ? "jclouds.provider=transient" : "jclouds.provider=filesystem",
                dataDir == null ? "" : "jclouds.filesystem.basedir=" + dataDir,
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "");
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        try {
            if (dataDir != null) {
                Files.createDirectories(dataDir);
            }
            Files.writeString(properties, config, StandardCharsets.UTF_8);
            // C1 only and serial GC: measured 1.6-2.2 s to ready instead of 2.3-2.9 s on 2 CPUs
            return new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
                    "--properties", properties.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    // to a file, not a pipe: nobody drains a pipe and a full one would block S3Proxy
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy with " + java + " -jar " + jar, e);
        }
    }

    /** Null when ready, else why not. Any HTTP answer counts: unsigned requests get 403. */
    private static String awaitReady(Process process, HttpClient http, URI endpoint, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(Duration.ofSeconds(2)).GET().build();
        String lastError = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return "process exited with code " + process.exitValue();
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return null;
            } catch (ConnectException notListeningYet) {
                lastError = "connection refused";
            } catch (IOException e) {
                lastError = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting";
            }
            try {
                // waits between probes but returns at once if the process dies
                if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
                    return "process exited with code " + process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while waiting";
            }
        }
        return "not answering after " + timeout.toMillis() + " ms (" + lastError + ")";
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static Path locateJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path jar = Paths.get(configured);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        for (Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath(); dir != null;
                dir = dir.getParent()) {
            Path jar = dir.resolve(JAR_RELATIVE);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException("S3Proxy jar not found: system property " + JAR_PROPERTY + " is "
                + (configured == null ? "unset" : "'" + configured + "' (no such file)") + " and no " + JAR_RELATIVE
                + " above " + System.getProperty("user.dir") + ". Build it with: ./mvnw -pl testkit install");
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static String hmacSha1Base64(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required by every Java platform", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
