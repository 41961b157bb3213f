package org.maskrecommender.testkit.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * A real HTTP server speaking the AWS Lambda control-plane API (REST-JSON, API version 2015-03-31) for the
 * subset a deployer uses, so the deployer's own {@code LambdaClient} is exercised over the wire:
 * GetFunction, GetFunctionConfiguration, UpdateFunctionCode (ZipFile or S3 via a {@link CodeFetcher}),
 * UpdateFunctionConfiguration, PublishVersion, Create/Get/UpdateAlias and Invoke (answered by a per-function
 * {@link Invoker}) — the calls of the deployer's {@code LambdaOperations} and of the SDK waiter it uses. Any other
 * operation answers 404 UnknownOperationException.
 *
 * <p>AWS semantics kept on purpose, because a deployer must cope with them:
 * <ul>
 * <li>an update leaves {@code LastUpdateStatus: InProgress} for the next {@value #UPDATE_POLLS_IN_PROGRESS} poll(s)
 *     of GetFunction/GetFunctionConfiguration on {@code $LATEST}; until one reads {@code Successful}, another
 *     update or a PublishVersion answers 409 ResourceConflictException;</li>
 * <li>{@code Environment.Variables} in UpdateFunctionConfiguration replaces the whole map;</li>
 * <li>PublishVersion of an unchanged {@code $LATEST} (code and configuration) returns the last version instead of
 *     a new one; a {@code CodeSha256} that is not {@code $LATEST}'s is refused with 400
 *     InvalidParameterValueException (what the live service answers); a stale {@code RevisionId} with 412
 *     PreconditionFailedException;</li>
 * <li>errors carry {@code x-amzn-ErrorType} and {@code {"Type": "User", "message": …}}, with AWS's statuses.</li>
 * </ul>
 * A request member those calls never send (e.g. UpdateFunctionCode's {@code Publish}, UpdateFunctionConfiguration's
 * {@code Handler}, an {@code Event} invocation) is refused with 400 InvalidParameterValueException naming it, rather
 * than emulated or silently ignored, so a deployer that starts sending one fails here first.
 * Signatures are not verified, but an {@code Authorization} header must be present (else 403).
 *
 * <pre>{@code
 * try (LambdaEmulator lambda = LambdaEmulator.start()) {
 *     lambda.createFunction("mask-recommender-inference-staging", Map.of("MODEL_VERSION", "v1"), zip);
 *     lambda.setInvoker("mask-recommender-inference-staging", (version, payload) -> handler.handle(payload));
 *     try (LambdaClient client = lambda.client()) { ... }
 * }
 * }</pre>
 */
public final class LambdaEmulator implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    /** Any credentials work; these are what {@link #client()} and {@link #awsEnvironment()} use. */
    public static final String ACCESS_KEY = "testkit-access-key";
    public static final String SECRET_KEY = "testkit-secret-key";
    public static final String LATEST = "$LATEST";

    /** One request the emulator answered, in arrival order of completion. */
    public record Call(String operation, String functionName, String qualifier, int status, String errorType) {
    }

    /** One Invoke the emulator handed to the function's {@link Invoker}, with what it answered. */
    public record RecordedInvoke(String functionName, String qualifier, String executedVersion, byte[] payload,
            byte[] response, String functionError) {

        public String payloadUtf8() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public String responseUtf8() {
            return new String(response, StandardCharsets.UTF_8);
        }
    }

    /** Polls of {@code $LATEST} that still report {@code InProgress} after an update, before one reads Successful. */
    private static final int UPDATE_POLLS_IN_PROGRESS = 1;
    private static final String API = "/2015-03-31";
    private static final String CODE_PATH = "/_emulator/code/";
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    private static final Pattern VERSION_NUMBER = Pattern.compile("[1-9][0-9]*");
    private static final Pattern ALIAS_NAME = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9_-]{1,128}");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z]\\w+");
    private static final Set<String> RESERVED_ENV_KEYS = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Clock clock = Clock.systemUTC();

    // all state below is guarded by "this"
    private final Map<String, Fn> functions = new TreeMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<RecordedInvoke> invocations = new ArrayList<>();
    private final List<RuntimeException> internalErrors = new ArrayList<>();
    private CodeFetcher codeFetcher;
    private Random routing = new Random();

    private LambdaEmulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts the emulator on a free loopback port. */
    public static LambdaEmulator start() {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // The JDK server writes the status line and the body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add ~40 ms to every call. Read once per JVM, by the first server created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LambdaEmulator emulator = new LambdaEmulator(server, executor);
            server.createContext("/", emulator::handle);
            server.setExecutor(executor);
            server.start();
            return emulator;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("could not start the Lambda emulator", e);
        }
    }

    /** Base URL for the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Environment that points the default AWS SDK configuration (and a deployer process) at this emulator. */
    public Map<String, String> awsEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_LAMBDA", endpoint.toString());
        env.put("AWS_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        return env;
    }

    /**
     * The settings that point a function's Lambda client at this emulator (endpoint, region, static keys), under
     * the function's configuration prefix, e.g. {@code deployer.lambda-client}.
     */
    public Map<String, String> clientConfig(String prefix) {
        return Map.of(
                prefix + ".endpoint-override", endpoint.toString(),
                prefix + ".region", REGION,
                prefix + ".access-key-id", ACCESS_KEY,
                prefix + ".secret-access-key", SECRET_KEY);
    }

    /**
     * An SDK client pointed here (endpoint, region, static credentials, URL-connection HTTP client), with the
     * SDK's default retries. The caller closes it. Needs the optional SDK Lambda module.
     */
    public LambdaClient client() {
        return LambdaEmulatorClients.builder(this).build();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "LambdaEmulator[" + endpoint + "]";
    }

    // ------------------------------------------------------------------------------------------------------
    // setup

    /**
     * Creates a function whose {@code $LATEST} has this code and environment, State Active, LastUpdateStatus
     * Successful, and no published versions or aliases.
     */
    public synchronized FunctionVersionView createFunction(String name, Map<String, String> environment,
            byte[] initialCodeZip) {
        Objects.requireNonNull(initialCodeZip, "initialCodeZip");
        if (!FUNCTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Lambda function name: " + name);
        }
        if (functions.containsKey(name)) {
            throw new IllegalStateException("function exists: " + name);
        }
        Fn fn = new Fn(name);
        fn.content = new Content(fn.storeCode(initialCodeZip), initialCodeZip.length,
                environment == null ? Map.of() : environment);
        fn.revisionId = uuid();
        fn.lastModified = now();
        functions.put(name, fn);
        return fn.latestView();
    }

    /** Answers Invoke of {@code functionName} (any qualifier) with this invoker. */
    public synchronized void setInvoker(String functionName, Invoker invoker) {
        fn(functionName).invoker = Objects.requireNonNull(invoker, "invoker");
    }

    /** Fetches code for UpdateFunctionCode with S3Bucket/S3Key; see {@link S3CodeFetcher}. */
    public synchronized void setCodeFetcher(CodeFetcher fetcher) {
        this.codeFetcher = fetcher;
    }

    /**
     * The next {@code n} UpdateFunctionCode/UpdateFunctionConfiguration calls on the function answer 409
     * ResourceConflictException ("An update is in progress…") and change nothing.
     */
    public synchronized void failNextUpdates(String functionName, int n) {
        fn(functionName).failNextUpdates = requireNonNegative(n);
    }

    /** The next {@code n} requests of any operation on the function answer 429 TooManyRequestsException. */
    public synchronized void throttleNext(String functionName, int n) {
        fn(functionName).throttleNext = requireNonNegative(n);
    }

    /** Makes the weighted choice of an alias with a RoutingConfig repeatable. */
    public synchronized void setRoutingSeed(long seed) {
        this.routing = new Random(seed);
    }

    /**
     * Setup shortcut: PublishVersion with AWS's rules (an unchanged {@code $LATEST} returns the last version),
     * except that a pending update does not block it. Not logged as a call.
     *
     * @return the version number
     */
    public synchronized String publishVersion(String functionName, String description) {
        return publish(fn(functionName), description).number;
    }

    /** Setup shortcut: creates (or repoints) an alias without routing. Not logged as a call. */
    public synchronized void createAlias(String functionName, String alias, String version) {
        Fn fn = fn(functionName);
        if (!LATEST.equals(version) && fn.version(version) == null) {
            throw new IllegalArgumentException("no version " + version + " of " + functionName);
        }
        fn.aliases.put(alias, new Alias(alias, version, "", Map.of(), uuid()));
    }

    // ------------------------------------------------------------------------------------------------------
    // inspection

    /** Operation names of every request answered so far, in order, e.g. {@code ["GetFunction", "PublishVersion"]}. */
    public synchronized List<String> calls() {
        return calls.stream().map(Call::operation).toList();
    }

    /** Every request answered so far, with its outcome. */
    public synchronized List<Call> callLog() {
        return List.copyOf(calls);
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    /** Every Invoke that got as far as choosing a version, in order. */
    public synchronized List<RecordedInvoke> invocations() {
        return List.copyOf(invocations);
    }

    /**
     * Exceptions the emulator itself failed with (its bugs, not the API errors it means to answer), in order. Each
     * was answered with 500 ServiceException naming it; empty in a healthy run.
     */
    public synchronized List<RuntimeException> internalErrors() {
        return List.copyOf(internalErrors);
    }

    /** Published version numbers, oldest first, e.g. {@code ["1", "2"]}. */
    public synchronized List<String> publishedVersions(String functionName) {
        return fn(functionName).versions.stream().map(v -> v.number).toList();
    }

    /** {@code $LATEST} (qualifier null or "$LATEST"), a version number, or the version an alias points to. */
    public synchronized FunctionVersionView version(String functionName, String qualifier) {
        Fn fn = fn(functionName);
        String q = qualifier;
        if (q != null && fn.aliases.containsKey(q)) {
            q = fn.aliases.get(q).functionVersion;
        }
        if (q == null || LATEST.equals(q)) {
            return fn.latestView();
        }
        Version v = fn.version(q);
        if (v == null) {
            throw new IllegalArgumentException("no version or alias " + qualifier + " of " + functionName);
        }
        return fn.view(v);
    }

    /** An alias as it is now, empty when it does not exist. */
    public synchronized Optional<AliasView> alias(String functionName, String alias) {
        Fn fn = fn(functionName);
        return Optional.ofNullable(fn.aliases.get(alias)).map(a -> a.view(fn.name));
    }

    /** The deployment package of {@code $LATEST}, a version number or an alias's version. */
    public synchronized byte[] codeZipFor(String functionName, String qualifier) {
        FunctionVersionView view = version(functionName, qualifier);
        return fn(functionName).code.get(view.codeSha256()).clone();
    }

    // ------------------------------------------------------------------------------------------------------
    // HTTP

    private void handle(HttpExchange exchange) throws IOException {
        Route route = null;
        Response response;
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Request request = new Request(exchange, body);
            if (request.path.startsWith(CODE_PATH) && "GET".equals(request.method)) {
                response = downloadCode(request.path.substring(CODE_PATH.length()));
            } else {
                route = route(request);
                response = dispatch(route, request);
            }
        } catch (ApiError e) {
            response = e.toResponse();
        } catch (RuntimeException e) {
            // a bug of the emulator, not an API error: answered as Lambda's 500, and kept for the test to see
            StackTraceElement[] trace = e.getStackTrace();
            response = new ApiError(500, "ServiceException", "LambdaEmulator failed: " + e
                    + (trace.length == 0 ? "" : " (at " + trace[0] + ")")).toResponse();
            synchronized (this) {
                internalErrors.add(e);
            }
        }
        if (route != null) {
            synchronized (this) {
                calls.add(new Call(route.operation, route.functionName, route.qualifier, response.status,
                        response.headers.get("x-amzn-ErrorType")));
            }
        }
        try {
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            response.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean empty = response.body.length == 0;
            exchange.sendResponseHeaders(response.status, empty ? -1 : response.body.length);
            if (!empty) {
                exchange.getResponseBody().write(response.body);
            }
        } finally {
            exchange.close();
        }
    }

    private Response dispatch(Route route, Request request) {
        if (request.header("Authorization") == null) {
            throw new ApiError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (route.functionName == null) {
            throw new ApiError(404, "UnknownOperationException",
                    "Unknown operation: " + request.method + " " + request.path);
        }
        synchronized (this) {
            Fn fn = functions.get(route.functionName);
            if (fn != null && fn.throttleNext > 0) {
                fn.throttleNext--;
                throw new ApiError(429, "TooManyRequestsException", "Rate exceeded")
                        .with("Reason", "CallerRateLimitExceeded");
            }
        }
        return switch (route.operation) {
            case "GetFunction" -> getFunction(route, true);
            case "GetFunctionConfiguration" -> getFunction(route, false);
            case "UpdateFunctionCode" -> updateFunctionCode(route,
                    request.json("ZipFile", "S3Bucket", "S3Key", "S3ObjectVersion", "RevisionId"));
            case "UpdateFunctionConfiguration" -> updateFunctionConfiguration(route,
                    request.json("Environment", "RevisionId"));
            case "PublishVersion" -> publishVersion(route, request.json("CodeSha256", "RevisionId", "Description"));
            case "CreateAlias" -> createAlias(route,
                    request.json("Name", "FunctionVersion", "Description", "RoutingConfig"));
            case "GetAlias" -> getAlias(route);
            case "UpdateAlias" -> updateAlias(route,
                    request.json("FunctionVersion", "Description", "RoutingConfig", "RevisionId"));
            case "Invoke" -> invoke(route, request);
            default -> throw new ApiError(404, "UnknownOperationException",
                    "Unknown operation: " + request.method + " " + request.path);
        };
    }

    /** Works out the operation, function and qualifier of a request, or an "Unknown" route. */
    private static Route route(Request request) {
        String path = request.path;
        String method = request.method;
        String prefix = API + "/functions";
        if (!path.startsWith(prefix) || path.length() > prefix.length() && path.charAt(prefix.length()) != '/') {
            return new Route("Unknown", null, null, null);
        }
        String rest = path.substring(prefix.length());
        if (rest.isEmpty() || "/".equals(rest)) {
            return new Route("Unknown", null, null, null);
        }
        List<String> segments = new ArrayList<>();
        for (String s : rest.substring(1).split("/", -1)) {
            segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        String[] nameAndQualifier = parseFunctionName(segments.get(0));
        String name = nameAndQualifier[0];
        String qualifier = request.query("Qualifier");
        if (nameAndQualifier[1] != null) {
            if (qualifier != null && !qualifier.equals(nameAndQualifier[1])) {
                throw new ApiError(400, "InvalidParameterValueException",
                        "The derived qualifier from the function name does not match the specified qualifier.");
            }
            qualifier = nameAndQualifier[1];
        }
        String sub = segments.size() > 1 ? segments.get(1) : null;
        String child = segments.size() > 2 ? segments.get(2) : null;
        String op = "Unknown";
        if (segments.size() > 3) {
            op = "Unknown";
        } else if (sub == null) {
            op = "GET".equals(method) ? "GetFunction" : "Unknown";
        } else if (child == null) {
            op = switch (sub + " " + method) {
                case "configuration GET" -> "GetFunctionConfiguration";
                case "configuration PUT" -> "UpdateFunctionConfiguration";
                case "code PUT" -> "UpdateFunctionCode";
                case "versions POST" -> "PublishVersion";
                case "aliases POST" -> "CreateAlias";
                case "invocations POST" -> "Invoke";
                default -> "Unknown";
            };
        } else if ("aliases".equals(sub)) {
            op = switch (method) {
                case "GET" -> "GetAlias";
                case "PUT" -> "UpdateAlias";
                default -> "Unknown";
            };
        }
        if ("Unknown".equals(op)) {
            return new Route(op, name, qualifier, null);
        }
        return new Route(op, name, qualifier, child);
    }

    /** {@code NAME}, {@code NAME:QUAL}, {@code ACCOUNT:function:NAME[:QUAL]} or a full ARN → [name, qualifier]. */
    private static String[] parseFunctionName(String raw) {
        String s = raw;
        int marker = s.indexOf(":function:");
        if (marker >= 0) {
            s = s.substring(marker + ":function:".length());
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            return new String[] {s.substring(0, colon), s.substring(colon + 1)};
        }
        return new String[] {s, null};
    }

    // ------------------------------------------------------------------------------------------------------
    // operations

    private synchronized Response getFunction(Route route, boolean withCode) {
        Fn fn = existing(route.functionName);
        String q = route.qualifier;
        ObjectNode config;
        String codeVersion;
        if (q == null || LATEST.equals(q)) {
            if (fn.inProgress) {
                if (fn.pollsLeft > 0) {
                    fn.pollsLeft--;
                } else {
                    fn.inProgress = false;
                }
            }
            config = latestConfig(fn, q);
            codeVersion = LATEST;
        } else {
            Alias alias = fn.aliases.get(q);
            Version v = fn.version(alias != null ? alias.functionVersion : q);
            if (alias != null && LATEST.equals(alias.functionVersion)) {
                config = latestConfig(fn, q);
                codeVersion = LATEST;
            } else if (v == null) {
                throw notFound(fn, q);
            } else {
                config = versionConfig(fn, v, q);
                codeVersion = v.number;
            }
        }
        if (!withCode) {
            return Response.json(200, config);
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("Configuration", config);
        ObjectNode code = out.putObject("Code");
        code.put("RepositoryType", "S3");
        code.put("Location", endpoint + CODE_PATH + fn.name + "/" + codeVersion);
        return Response.json(200, out);
    }

    private Response updateFunctionCode(Route route, JsonNode body) {
        synchronized (this) {
            Fn fn = existing(route.functionName);
            checkUpdatable(fn, body);
            boolean hasZip = body.hasNonNull("ZipFile");
            boolean hasS3 = body.hasNonNull("S3Bucket") || body.hasNonNull("S3Key")
                    || body.hasNonNull("S3ObjectVersion");
            if (hasZip == hasS3) {
                throw new ApiError(400, "InvalidParameterValueException", hasZip
                        ? "Please do not provide other FunctionCode parameters when providing a ZipFile."
                        : "Please provide a source for function code.");
            }
            byte[] zip;
            if (hasZip) {
                try {
                    zip = body.get("ZipFile").binaryValue();
                } catch (IOException e) {
                    throw new ApiError(400, "InvalidParameterValueException", "ZipFile is not base64: " + e);
                }
            } else {
                if (!body.hasNonNull("S3Bucket") || !body.hasNonNull("S3Key")) {
                    throw new ApiError(400, "InvalidParameterValueException",
                            "Please provide both S3Bucket and S3Key for function code.");
                }
                zip = fetchCode(body.get("S3Bucket").asText(), body.get("S3Key").asText(),
                        text(body, "S3ObjectVersion"));
            }
            if (zip.length == 0) {
                throw new ApiError(400, "InvalidParameterValueException",
                        "Could not unzip uploaded file. Please check your file, then try to upload again.");
            }
            fn.content = fn.content.withCode(fn.storeCode(zip), zip.length);
            fn.startUpdate(uuid(), now());
            return Response.json(200, latestConfig(fn, null));
        }
    }

    private byte[] fetchCode(String bucket, String key, String objectVersion) {
        if (codeFetcher == null) {
            throw s3Error("NoSuchBucket", "LambdaEmulator has no CodeFetcher: call setCodeFetcher(...)");
        }
        byte[] zip;
        try {
            zip = codeFetcher.fetch(bucket, key, objectVersion);
        } catch (CodeFetcher.FetchException e) {
            throw s3Error(e.s3ErrorCode(), e.getMessage());
        } catch (Exception e) {
            throw s3Error("NoSuchKey", "The specified key does not exist. (" + e + ")");
        }
        if (zip == null) {
            throw s3Error("NoSuchKey", "The specified key does not exist.");
        }
        return zip;
    }

    private static ApiError s3Error(String code, String message) {
        return new ApiError(400, "InvalidParameterValueException",
                "Error occurred while GetObject. S3 Error Code: " + code + ". S3 Error Message: " + message);
    }

    private synchronized Response updateFunctionConfiguration(Route route, JsonNode body) {
        Fn fn = existing(route.functionName);
        checkUpdatable(fn, body);
        if (body.has("Environment")) {
            Map<String, String> env = new TreeMap<>();
            JsonNode vars = body.path("Environment").path("Variables");
            for (Map.Entry<String, JsonNode> e : vars.properties()) {
                env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
            checkEnvironment(env);
            fn.content = fn.content.withEnvironment(env);
        }
        fn.startUpdate(uuid(), now());
        return Response.json(200, latestConfig(fn, null));
    }

    private static void checkEnvironment(Map<String, String> env) {
        List<String> reserved = env.keySet().stream().filter(RESERVED_ENV_KEYS::contains).sorted().toList();
        if (!reserved.isEmpty()) {
            throw new ApiError(400, "InvalidParameterValueException", "Lambda was unable to configure your "
                    + "environment variables because the environment variables you have provided contains reserved "
                    + "keys that are currently not supported for modification. Reserved keys used in this request: "
                    + String.join(", ", reserved));
        }
        for (String key : env.keySet()) {
            if (!ENV_KEY.matcher(key).matches()) {
                throw new ApiError(400, "InvalidParameterValueException", "Lambda was unable to configure your "
                        + "environment variables because the environment variables you have provided contains "
                        + "invalid keys. Invalid key: " + key);
            }
        }
        int size = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > 4096) {
            throw new ApiError(400, "InvalidParameterValueException", "Lambda was unable to configure your "
                    + "environment variables because the environment variables you have provided exceeded the 4KB "
                    + "limit. String measured: " + size);
        }
    }

    /** Injected failures, the RevisionId precondition, and the one-update-at-a-time rule. */
    private void checkUpdatable(Fn fn, JsonNode body) {
        if (fn.failNextUpdates > 0) {
            fn.failNextUpdates--;
            throw updateInProgress(fn);
        }
        checkRevision(body, fn.revisionId);
        if (fn.inProgress) {
            throw updateInProgress(fn);
        }
    }

    private static ApiError updateInProgress(Fn fn) {
        return new ApiError(409, "ResourceConflictException",
                "The operation cannot be performed at this time. An update is in progress for resource: "
                        + fn.arn(null));
    }

    private static void checkRevision(JsonNode body, String current) {
        String wanted = text(body, "RevisionId");
        if (wanted != null && !wanted.equals(current)) {
            throw new ApiError(412, "PreconditionFailedException", "The Revision Id provided does not match the "
                    + "latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private synchronized Response publishVersion(Route route, JsonNode body) {
        Fn fn = existing(route.functionName);
        String sha = text(body, "CodeSha256");
        if (sha != null && !sha.equals(fn.content.codeSha256)) {
            throw new ApiError(400, "InvalidParameterValueException", "CodeSHA256 (" + sha
                    + ") is different from current CodeSHA256 in $LATEST (" + fn.content.codeSha256
                    + "). Please try again with the CodeSHA256 in $LATEST.");
        }
        checkRevision(body, fn.revisionId);
        if (fn.inProgress) {
            throw updateInProgress(fn);
        }
        Version v = publish(fn, text(body, "Description"));
        return Response.json(201, versionConfig(fn, v, v.number));
    }

    /** Snapshots $LATEST, or returns the last version when $LATEST has not changed since it. */
    private Version publish(Fn fn, String description) {
        if (!fn.versions.isEmpty()) {
            Version last = fn.versions.get(fn.versions.size() - 1);
            if (last.content.equals(fn.content)) {
                return last;
            }
        }
        String number = Integer.toString(++fn.lastVersionNumber);
        Version v = new Version(number, fn.content,
                description == null ? "" : description, uuid(), now());
        fn.versions.add(v);
        return v;
    }

    private synchronized Response createAlias(Route route, JsonNode body) {
        Fn fn = existing(route.functionName);
        String name = text(body, "Name");
        if (name == null || !ALIAS_NAME.matcher(name).matches() || LATEST.equals(name)) {
            throw new ApiError(400, "ValidationException", "1 validation error detected: Value '" + name
                    + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        }
        String version = text(body, "FunctionVersion");
        Map<String, Double> weights = weights(body);
        checkAliasTarget(fn, version, weights == null ? Map.of() : weights);
        if (fn.aliases.containsKey(name)) {
            throw new ApiError(409, "ResourceConflictException", "Alias already exists: " + fn.arn(name));
        }
        Alias alias = new Alias(name, version, body.path("Description").asText(""),
                weights == null ? Map.of() : weights, uuid());
        fn.aliases.put(name, alias);
        return Response.json(201, aliasJson(fn, alias));
    }

    private synchronized Response getAlias(Route route) {
        Fn fn = existing(route.functionName);
        return Response.json(200, aliasJson(fn, existingAlias(fn, route.child)));
    }

    private synchronized Response updateAlias(Route route, JsonNode body) {
        Fn fn = existing(route.functionName);
        Alias current = existingAlias(fn, route.child);
        checkRevision(body, current.revisionId);
        String version = body.hasNonNull("FunctionVersion") ? body.get("FunctionVersion").asText()
                : current.functionVersion;
        Map<String, Double> weights = weights(body);
        if (weights == null) {
            weights = current.weights; // an absent RoutingConfig keeps the routing; an empty one removes it
        }
        String description = body.has("Description") ? body.get("Description").asText("") : current.description;
        checkAliasTarget(fn, version, weights);
        Alias alias = new Alias(current.name, version, description, weights, uuid());
        fn.aliases.put(alias.name, alias);
        return Response.json(200, aliasJson(fn, alias));
    }

    /** Null when the body has no RoutingConfig; empty when it removes the routing. */
    private static Map<String, Double> weights(JsonNode body) {
        if (!body.has("RoutingConfig")) {
            return null;
        }
        Map<String, Double> weights = new TreeMap<>();
        JsonNode node = body.path("RoutingConfig").path("AdditionalVersionWeights");
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            weights.put(e.getKey(), e.getValue().asDouble());
        }
        return weights;
    }

    private static void checkAliasTarget(Fn fn, String version, Map<String, Double> weights) {
        if (version == null || !(LATEST.equals(version) || VERSION_NUMBER.matcher(version).matches())) {
            throw new ApiError(400, "ValidationException", "1 validation error detected: Value '" + version
                    + "' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: (\\$LATEST|[0-9]+)");
        }
        if (!LATEST.equals(version) && fn.version(version) == null) {
            throw notFound(fn, version);
        }
        if (weights.size() > 1) {
            throw new ApiError(400, "InvalidParameterValueException",
                    "Number of items in AdditionalVersionWeights must be less than or equal to 1");
        }
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            double w = e.getValue();
            if (!(w >= 0.0 && w <= 1.0)) {
                throw new ApiError(400, "ValidationException", "1 validation error detected: Value '" + w
                        + "' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value "
                        + "must satisfy constraint: [Member must have value less than or equal to 1.0, Member must "
                        + "have value greater than or equal to 0.0]");
            }
            if (LATEST.equals(version) || LATEST.equals(e.getKey())) {
                throw new ApiError(400, "InvalidParameterValueException",
                        "$LATEST is not supported for an alias pointing to more than 1 version");
            }
            if (!VERSION_NUMBER.matcher(e.getKey()).matches()) {
                throw new ApiError(400, "InvalidParameterValueException",
                        "Invalid version in AdditionalVersionWeights: " + e.getKey());
            }
            if (e.getKey().equals(version)) {
                throw new ApiError(400, "InvalidParameterValueException", "Invalid function version " + version
                        + ". Function version " + version + " is already included in routing configuration.");
            }
            if (fn.version(e.getKey()) == null) {
                throw notFound(fn, e.getKey());
            }
        }
    }

    private Response invoke(Route route, Request request) {
        String type = Optional.ofNullable(request.header("X-Amz-Invocation-Type")).orElse("RequestResponse");
        if (!"RequestResponse".equals(type)) {
            throw notEmulated("X-Amz-Invocation-Type " + type);
        }
        if (request.header("X-Amz-Log-Type") != null && !"None".equals(request.header("X-Amz-Log-Type"))) {
            throw notEmulated("X-Amz-Log-Type " + request.header("X-Amz-Log-Type"));
        }
        if (request.body.length > 0) {
            try {
                JSON.readTree(request.body);
            } catch (JsonProcessingException e) {
                throw new ApiError(400, "InvalidRequestContentException", "Could not parse request body into json: "
                        + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        FunctionVersionView view;
        Invoker invoker;
        String qualifier = route.qualifier;
        synchronized (this) {
            Fn fn = existing(route.functionName);
            String target = qualifier == null ? LATEST : qualifier;
            Alias alias = fn.aliases.get(target);
            if (alias != null) {
                target = alias.functionVersion;
                if (!alias.weights.isEmpty()) {
                    double r = routing.nextDouble();
                    double cumulative = 0;
                    for (Map.Entry<String, Double> e : alias.weights.entrySet()) {
                        cumulative += e.getValue();
                        if (r < cumulative) {
                            target = e.getKey();
                            break;
                        }
                    }
                }
            }
            if (LATEST.equals(target)) {
                view = fn.latestView();
            } else {
                Version v = fn.version(target);
                if (v == null) {
                    throw notFound(fn, qualifier);
                }
                view = fn.view(v);
            }
            invoker = fn.invoker;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Executed-Version", view.version());
        byte[] result;
        String functionError = null;
        try {
            if (invoker == null) {
                throw new IllegalStateException("LambdaEmulator has no Invoker for " + view.functionName()
                        + ": call setInvoker(...)");
            }
            result = invoker.invoke(view, request.body.clone());
            if (result == null) {
                result = "null".getBytes(StandardCharsets.UTF_8);
            }
        } catch (Exception e) {
            functionError = "Unhandled";
            result = errorPayload(e);
        }
        synchronized (this) {
            invocations.add(new RecordedInvoke(view.functionName(), qualifier, view.version(), request.body.clone(),
                    result.clone(), functionError));
        }
        if (functionError != null) {
            headers.put("X-Amz-Function-Error", functionError);
        }
        headers.put("Content-Type", "application/json");
        return new Response(200, headers, result);
    }

    /** What the Java runtime answers for an exception escaping the handler. */
    private static byte[] errorPayload(Exception e) {
        ObjectNode error = JSON.createObjectNode();
        error.put("errorMessage", e.getMessage() == null ? e.toString() : e.getMessage());
        error.put("errorType", e.getClass().getName());
        ArrayNode trace = error.putArray("stackTrace");
        for (StackTraceElement element : e.getStackTrace()) {
            trace.add(element.toString());
        }
        return Response.bytes(error);
    }

    private synchronized Response downloadCode(String rest) {
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new Response(404, Map.of(), new byte[0]);
        }
        Fn fn = functions.get(rest.substring(0, slash));
        String version = URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        if (fn == null) {
            return new Response(404, Map.of(), new byte[0]);
        }
        Content content = LATEST.equals(version) ? fn.content
                : Optional.ofNullable(fn.version(version)).map(v -> v.content).orElse(null);
        if (content == null) {
            return new Response(404, Map.of(), new byte[0]);
        }
        return new Response(200, Map.of("Content-Type", "application/zip"), fn.code.get(content.codeSha256));
    }

    // ------------------------------------------------------------------------------------------------------
    // JSON shapes

    private ObjectNode latestConfig(Fn fn, String qualifierInArn) {
        ObjectNode node = configuration(fn, fn.content, LATEST, "", fn.revisionId,
                fn.lastModified, qualifierInArn);
        node.put("LastUpdateStatus", fn.inProgress ? "InProgress" : "Successful");
        return node;
    }

    private ObjectNode versionConfig(Fn fn, Version v, String qualifierInArn) {
        ObjectNode node = configuration(fn, v.content, v.number, v.description, v.revisionId, v.lastModified,
                qualifierInArn);
        node.put("LastUpdateStatus", "Successful");
        return node;
    }

    private static ObjectNode configuration(Fn fn, Content c, String version, String description,
            String revisionId, String lastModified, String qualifierInArn) {
        ObjectNode node = JSON.createObjectNode();
        node.put("FunctionName", fn.name);
        node.put("FunctionArn", fn.arn(qualifierInArn));
        node.put("Runtime", "java17");
        node.put("Role", "arn:aws:iam::" + ACCOUNT_ID + ":role/lambda-role");
        node.put("Handler", "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
        node.put("CodeSize", c.codeSize);
        node.put("Description", description);
        node.put("Timeout", 15);
        node.put("MemorySize", 512);
        node.put("LastModified", lastModified);
        node.put("CodeSha256", c.codeSha256);
        node.put("Version", version);
        if (!c.environment.isEmpty()) {
            ObjectNode vars = node.putObject("Environment").putObject("Variables");
            c.environment.forEach(vars::put);
        }
        node.putObject("TracingConfig").put("Mode", "PassThrough");
        node.put("RevisionId", revisionId);
        node.put("State", "Active");
        node.put("PackageType", "Zip");
        node.putArray("Architectures").add("x86_64");
        node.putObject("EphemeralStorage").put("Size", 512);
        ObjectNode snapStart = node.putObject("SnapStart");
        snapStart.put("ApplyOn", "None");
        snapStart.put("OptimizationStatus", "Off");
        ObjectNode logging = node.putObject("LoggingConfig");
        logging.put("LogFormat", "Text");
        logging.put("LogGroup", "/aws/lambda/" + fn.name);
        return node;
    }

    private static ObjectNode aliasJson(Fn fn, Alias a) {
        ObjectNode node = JSON.createObjectNode();
        node.put("AliasArn", fn.arn(a.name));
        node.put("Name", a.name);
        node.put("FunctionVersion", a.functionVersion);
        node.put("Description", a.description);
        if (!a.weights.isEmpty()) {
            ObjectNode weights = node.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
            a.weights.forEach(weights::put);
        }
        node.put("RevisionId", a.revisionId);
        return node;
    }

    // ------------------------------------------------------------------------------------------------------
    // helpers

    private Fn fn(String name) {
        Fn fn = functions.get(parseFunctionName(name)[0]);
        if (fn == null) {
            throw new IllegalArgumentException("no function " + name + " in " + this);
        }
        return fn;
    }

    private Fn existing(String name) {
        Fn fn = functions.get(name);
        if (fn == null) {
            throw new ApiError(404, "ResourceNotFoundException", "Function not found: " + arn(name, null));
        }
        return fn;
    }

    private static Alias existingAlias(Fn fn, String name) {
        Alias alias = fn.aliases.get(name);
        if (alias == null) {
            throw new ApiError(404, "ResourceNotFoundException", "Alias not found: " + fn.arn(name));
        }
        return alias;
    }

    /** A request member the deployer never sends: refused rather than emulated (see the class comment). */
    private static ApiError notEmulated(String what) {
        return new ApiError(400, "InvalidParameterValueException", "LambdaEmulator does not emulate " + what
                + ": the deployer does not send it");
    }

    private static ApiError notFound(Fn fn, String qualifier) {
        return new ApiError(404, "ResourceNotFoundException", "Function not found: " + fn.arn(qualifier));
    }

    private static String arn(String name, String qualifier) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + name
                + (qualifier == null ? "" : ":" + qualifier);
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private String now() {
        return LAST_MODIFIED.format(clock.instant());
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static int requireNonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative: " + n);
        }
        return n;
    }

    static String sha256Base64(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // state

    /** What PublishVersion compares: $LATEST's code and environment (the only configuration the API changes). */
    private record Content(String codeSha256, long codeSize, Map<String, String> environment) {

        Content {
            environment = Map.copyOf(environment);
        }

        Content withCode(String sha, long size) {
            return new Content(sha, size, environment);
        }

        Content withEnvironment(Map<String, String> env) {
            return new Content(codeSha256, codeSize, env);
        }
    }

    private record Version(String number, Content content, String description, String revisionId,
            String lastModified) {
    }

    private record Alias(String name, String functionVersion, String description, Map<String, Double> weights,
            String revisionId) {

        Alias {
            weights = Collections.unmodifiableMap(new TreeMap<>(weights));
        }

        AliasView view(String functionName) {
            return new AliasView(functionName, name, functionVersion, description, weights, revisionId);
        }
    }

    private static final class Fn {
        final String name;
        final Map<String, byte[]> code = new HashMap<>();
        final List<Version> versions = new ArrayList<>();
        final Map<String, Alias> aliases = new TreeMap<>();
        Content content;
        String revisionId;
        String lastModified;
        boolean inProgress;
        int pollsLeft;
        int lastVersionNumber;
        int failNextUpdates;
        int throttleNext;
        Invoker invoker;

        Fn(String name) {
            this.name = name;
        }

        String storeCode(byte[] zip) {
            String sha = sha256Base64(zip);
            code.put(sha, zip.clone());
            return sha;
        }

        void startUpdate(String revision, String modified) {
            revisionId = revision;
            lastModified = modified;
            inProgress = true;
            pollsLeft = UPDATE_POLLS_IN_PROGRESS;
        }

        Version version(String number) {
            for (Version v : versions) {
                if (v.number.equals(number)) {
                    return v;
                }
            }
            return null;
        }

        String arn(String qualifier) {
            return LambdaEmulator.arn(name, qualifier);
        }

        FunctionVersionView latestView() {
            return new FunctionVersionView(name, LATEST, content.environment, content.codeSha256, content.codeSize,
                    "", revisionId);
        }

        FunctionVersionView view(Version v) {
            return new FunctionVersionView(name, v.number, v.content.environment, v.content.codeSha256,
                    v.content.codeSize, v.description, v.revisionId);
        }
    }

    private record Route(String operation, String functionName, String qualifier, String child) {
    }

    private static final class Request {
        final String method;
        final String path;
        final Map<String, String> query = new HashMap<>();
        final byte[] body;
        private final HttpExchange exchange;

        Request(HttpExchange exchange, byte[] body) {
            this.exchange = exchange;
            this.method = exchange.getRequestMethod();
            this.path = exchange.getRequestURI().getRawPath();
            this.body = body;
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String k = eq < 0 ? pair : pair.substring(0, eq);
                    String v = eq < 0 ? "" : pair.substring(eq + 1);
                    query.put(URLDecoder.decode(k, StandardCharsets.UTF_8),
                            URLDecoder.decode(v, StandardCharsets.UTF_8));
                }
            }
        }

        String query(String name) {
            String v = query.get(name);
            return v == null || v.isEmpty() ? null : v;
        }

        String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        /** The body as a JSON object; a member other than {@code emulated} is refused (see the class comment). */
        JsonNode json(String... emulated) {
            if (body.length == 0) {
                return JSON.createObjectNode();
            }
            try {
                JsonNode node = JSON.readTree(body);
                if (node == null || !node.isObject()) {
                    throw new ApiError(400, "SerializationException", "request body is not a JSON object");
                }
                List<String> known = List.of(emulated);
                for (String member : (Iterable<String>) node::fieldNames) {
                    if (!known.contains(member)) {
                        throw notEmulated(member);
                    }
                }
                return node;
            } catch (JsonProcessingException e) {
                throw new ApiError(400, "SerializationException", "malformed JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {

        static Response json(int status, JsonNode node) {
            return new Response(status, Map.of("Content-Type", "application/json"), bytes(node));
        }

        static byte[] bytes(JsonNode node) {
            try {
                return JSON.writeValueAsBytes(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** An error as Lambda answers it: status, {@code x-amzn-ErrorType}, {@code {"Type", "message"}}. */
    private static final class ApiError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final int status;
        final String type;
        final Map<String, String> extra = new LinkedHashMap<>();

        ApiError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }

        ApiError with(String field, String value) {
            extra.put(field, value);
            return this;
        }

        Response toResponse() {
            ObjectNode body = JSON.createObjectNode();
            body.put("Type", status >= 500 ? "Service" : "User");
            body.put("message", getMessage());
            extra.forEach(body::put);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("x-amzn-ErrorType", type);
            return new Response(status, headers, Response.bytes(body));
        }
    }

}
