package org.maskrecommender.testkit.lambda;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

/**
 * A real HTTP server speaking the AWS Lambda control-plane API (REST-JSON, API version 2015-03-31) for the calls
 * of the deployer's {@code LambdaOperations} and of the SDK waiter it uses, so the deployer's own
 * {@code LambdaClient} is exercised over the wire: GetFunction, GetFunctionConfiguration, UpdateFunctionCode
 * (ZipFile, or S3 through a {@link CodeFetcher}), UpdateFunctionConfiguration, PublishVersion,
 * Create/Get/UpdateAlias and Invoke (answered by a per-function {@link Invoker}). Any other operation answers 404
 * UnknownOperationException.
 *
 * <p>AWS semantics kept on purpose, because a deployer must cope with them:
 * <ul>
 * <li>an update leaves {@code LastUpdateStatus: InProgress} for the next
 *     {@value EmulatedFunction#UPDATE_POLLS_IN_PROGRESS} poll(s) of GetFunction/GetFunctionConfiguration on
 *     {@code $LATEST}; until one reads {@code Successful}, another update or a PublishVersion answers 409
 *     ResourceConflictException;</li>
 * <li>{@code Environment.Variables} in UpdateFunctionConfiguration replaces the whole map;</li>
 * <li>PublishVersion of an unchanged {@code $LATEST} (code and environment) returns the last version instead of
 *     a new one; a {@code CodeSha256} that is not {@code $LATEST}'s is refused with 400
 *     InvalidParameterValueException (what the live service answers); a stale {@code RevisionId} with 412
 *     PreconditionFailedException;</li>
 * <li>with SnapStart ({@link FunctionSettings#snapStart()}) a published version is {@code State: Pending} while its
 *     snapshot is taken, for a number of polls of that version ({@link #setSnapStartPolls}) or until a test says
 *     ({@link #activateVersion}, {@link #failVersion}); invoking it meanwhile answers 409 ResourceConflictException
 *     "… currently in the following state: Pending";</li>
 * <li>a package that cannot start on the function's runtime (no {@code bootstrap} at the root for
 *     {@code provided.*}, a native one for {@code java*}) is accepted by UpdateFunctionCode, as by Lambda, and fails
 *     every Invoke with an {@code Unhandled} function error ({@code Runtime.InvalidEntrypoint});</li>
 * <li>UpdateFunctionCode refuses what is not a zip (400) and a {@code ZipFile} above 50 MB
 *     ({@link #setDirectUploadLimit}) with 413 RequestEntityTooLargeException;</li>
 * <li>errors carry {@code x-amzn-ErrorType} and {@code {"Type": "User", "message": …}}, with AWS's statuses.</li>
 * </ul>
 * A request member those calls never send (e.g. UpdateFunctionCode's {@code Publish}, UpdateFunctionConfiguration's
 * {@code Handler}, an {@code Event} invocation) is refused with 400 InvalidParameterValueException naming it, rather
 * than emulated or silently ignored, so a deployer that starts sending one fails here first. Signatures are not
 * verified, but an {@code Authorization} header must be present (else 403).
 *
 * <p>This class is the test-facing side: setup, fault injection and inspection (hence its length: one short method
 * per thing a test can arrange or look at; no operation logic lives here). The HTTP side is
 * {@link LambdaHttpServer} and {@link Route}; the operations are {@link FunctionOperations},
 * {@link AliasOperations} and {@link InvokeOperation}; the state is {@link EmulatedFunction} in an
 * {@link EmulatorState}; the JSON is {@link AwsShapes}.
 *
 * <pre>{@code
 * try (LambdaEmulator lambda = LambdaEmulator.start()) {
 *     lambda.createFunction("mask-recommender-inference-staging", Map.of("MODEL_VERSION", "v1"), zip);
 *     lambda.setInvoker("mask-recommender-inference-staging", (version, payload) -> handler.handle(payload));
 *     try (LambdaClient client = lambda.client()) { ... }
 * }
 * }</pre>
 *
 * <p>Above 300 lines because it is the emulator's one public face: each method a test drives (create, publish,
 * break, activate, inspect) delegates to the operation classes beside it, which hold the behaviour.
 */
public final class LambdaEmulator implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    /** Any credentials work; these are what {@link #client()} and {@link #awsEnvironment()} use. */
    public static final String ACCESS_KEY = "testkit-access-key";
    public static final String SECRET_KEY = "testkit-secret-key";
    /** Lambda's limit on a deployment package uploaded directly ({@code ZipFile}): 50 MB zipped. */
    public static final long DIRECT_UPLOAD_LIMIT = 50L * 1024 * 1024;

    /** One request the emulator answered, in arrival order of completion. */
    public record Call(String operation, String functionName, String qualifier, int status, String errorType) {
    }

    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private final EmulatorState state = new EmulatorState();
    private final LambdaHttpServer server = LambdaHttpServer.start(state, endpoint -> new ControlPlane(state, endpoint));

    private LambdaEmulator() {
    }

    /** Starts the emulator on a free loopback port. */
    public static LambdaEmulator start() {
        return new LambdaEmulator();
    }

    /** Base URL for the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** Environment that points the default AWS SDK configuration (and a deployer process) at this emulator. */
    public Map<String, String> awsEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL_LAMBDA", endpoint().toString());
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
                prefix + ".endpoint-override", endpoint().toString(),
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

    /** A builder of such a client, for a test that needs other client settings (timeouts, retries). */
    public LambdaClientBuilder clientBuilder() {
        return LambdaEmulatorClients.builder(this);
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "LambdaEmulator[" + endpoint() + "]";
    }

    // ------------------------------------------------------------------------------------------------------
    // setup and faults (none of these is logged as a call)

    /**
     * Creates a function with {@link FunctionSettings#defaults()} whose {@code $LATEST} has this code and
     * environment, State Active, LastUpdateStatus Successful, and no published versions or aliases.
     */
    public FunctionVersionView createFunction(String name, Map<String, String> environment, byte[] initialCodeZip) {
        return createFunction(name, environment, initialCodeZip, FunctionSettings.defaults());
    }

    /**
     * Creates a function with these settings (runtime, handler, timeout, SnapStart) whose {@code $LATEST} has this
     * code (a zip archive) and environment, State Active, LastUpdateStatus Successful, and no published versions or
     * aliases.
     */
    public FunctionVersionView createFunction(String name, Map<String, String> environment, byte[] initialCodeZip,
                                              FunctionSettings settings) {
        Objects.requireNonNull(initialCodeZip, "initialCodeZip");
        Objects.requireNonNull(settings, "settings");
        PackageKind.of(initialCodeZip);
        if (!FUNCTION_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Lambda function name: " + name);
        }
        synchronized (state) {
            if (state.functions.containsKey(name)) {
                throw new IllegalStateException("function exists: " + name);
            }
            EmulatedFunction fn = new EmulatedFunction(name, initialCodeZip, environment == null ? Map.of() : environment,
                    settings);
            state.functions.put(name, fn);
            return fn.latestView();
        }
    }

    /** Answers Invoke of {@code functionName} (any qualifier) with this invoker. */
    public void setInvoker(String functionName, Invoker invoker) {
        Objects.requireNonNull(invoker, "invoker");
        synchronized (state) {
            state.named(functionName).invoker = invoker;
        }
    }

    /** Fetches code for UpdateFunctionCode with S3Bucket/S3Key; see {@link S3CodeFetcher}. */
    public void setCodeFetcher(CodeFetcher fetcher) {
        synchronized (state) {
            state.codeFetcher = fetcher;
        }
    }

    /**
     * The next {@code n} UpdateFunctionCode/UpdateFunctionConfiguration calls on the function answer 409
     * ResourceConflictException ("An update is in progress…") and change nothing.
     */
    public void failNextUpdates(String functionName, int n) {
        requireNonNegative(n);
        synchronized (state) {
            state.named(functionName).failNextUpdates = n;
        }
    }

    /** The next {@code n} requests of any operation on the function answer 429 TooManyRequestsException. */
    public void throttleNext(String functionName, int n) {
        requireNonNegative(n);
        synchronized (state) {
            state.named(functionName).throttleNext = n;
        }
    }

    /**
     * The next {@code n} Invokes of the function run it (they are recorded), then answer 500 ServiceException: the
     * caller cannot tell that the function ran, as when Lambda's answer is lost. A client that retries such an
     * answer runs the function again.
     */
    public void failNextInvokesAfterRunning(String functionName, int n) {
        requireNonNegative(n);
        synchronized (state) {
            state.named(functionName).serviceErrorAfterNextInvokes = n;
        }
    }

    /**
     * How many GetFunction/GetFunctionConfiguration polls of a version the function publishes from now on (with
     * SnapStart) still read {@code Pending} before one reads {@code Active}; default
     * {@value EmulatedFunction#DEFAULT_SNAPSTART_POLLS}. {@link Integer#MAX_VALUE} keeps it Pending until
     * {@link #activateVersion} or {@link #failVersion}. Stands in for the minutes AWS takes for the snapshot.
     */
    public void setSnapStartPolls(String functionName, int polls) {
        requireNonNegative(polls);
        synchronized (state) {
            state.named(functionName).snapStartPolls = polls;
        }
    }

    /**
     * Versions the function publishes from now on end {@code Failed} with this StateReasonCode (e.g.
     * {@code FunctionErrorInitTimeout}) and reason once their Pending polls are over, as when the function's
     * initialisation fails while the snapshot is taken; null reasonCode: they end Active again.
     */
    public void failSnapStarts(String functionName, String reasonCode, String reason) {
        synchronized (state) {
            EmulatedFunction fn = state.named(functionName);
            fn.snapStartFailureCode = reasonCode;
            fn.snapStartFailure = reason;
        }
    }

    /** A Pending (SnapStart) version becomes Active now. */
    public void activateVersion(String functionName, String version) {
        synchronized (state) {
            EmulatedFunction.VersionState s = stateOf(functionName, version);
            s.state = EmulatedFunction.ACTIVE;
            s.reasonCode = null;
            s.reason = null;
        }
    }

    /**
     * A Pending (SnapStart) version fails, as when the function's initialisation fails while the snapshot is taken:
     * State Failed with this StateReasonCode (e.g. {@code FunctionErrorInitTimeout}) and reason.
     */
    public void failVersion(String functionName, String version, String reasonCode, String reason) {
        synchronized (state) {
            EmulatedFunction.VersionState s = stateOf(functionName, version);
            s.state = EmulatedFunction.FAILED;
            s.reasonCode = reasonCode;
            s.reason = reason;
        }
    }

    private EmulatedFunction.VersionState stateOf(String functionName, String version) {
        EmulatedFunction.VersionState s = state.named(functionName).state(version);
        if (s == null) {
            throw new IllegalArgumentException("no published version " + version + " of " + functionName);
        }
        return s;
    }

    /**
     * The largest zip UpdateFunctionCode takes as {@code ZipFile} (default {@link #DIRECT_UPLOAD_LIMIT}); above it
     * Lambda answers 413 RequestEntityTooLargeException. Lets a test hit the limit with a small package.
     */
    public void setDirectUploadLimit(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("limit must be positive: " + bytes);
        }
        synchronized (state) {
            state.directUploadLimit = bytes;
        }
    }

    /** Makes the weighted choice of an alias with a RoutingConfig repeatable. */
    public void setRoutingSeed(long seed) {
        synchronized (state) {
            state.routing = new Random(seed);
        }
    }

    /**
     * PublishVersion with AWS's rules (an unchanged {@code $LATEST} returns the last version), except that a
     * pending update does not block it.
     *
     * @return the version number
     */
    public String publishVersion(String functionName, String description) {
        synchronized (state) {
            return state.named(functionName).publish(description).number();
        }
    }

    /** Creates (or repoints) an alias without routing. */
    public void createAlias(String functionName, String alias, String version) {
        synchronized (state) {
            EmulatedFunction fn = state.named(functionName);
            if (!EmulatedFunction.LATEST.equals(version) && fn.version(version) == null) {
                throw new IllegalArgumentException("no version " + version + " of " + functionName);
            }
            fn.aliases.put(alias, new EmulatedFunction.Alias(alias, version, "", Map.of(),
                    EmulatedFunction.newRevisionId()));
        }
    }

    // ------------------------------------------------------------------------------------------------------
    // inspection

    /** Operation names of every request answered so far, in order, e.g. {@code ["GetFunction", "PublishVersion"]}. */
    public List<String> calls() {
        synchronized (state) {
            return state.calls.stream().map(Call::operation).toList();
        }
    }

    /** Every request answered so far, with its outcome. */
    public List<Call> callLog() {
        synchronized (state) {
            return List.copyOf(state.calls);
        }
    }

    public void clearCalls() {
        synchronized (state) {
            state.calls.clear();
        }
    }

    /** Every Invoke that got as far as choosing a version, in order. */
    public List<RecordedInvoke> invocations() {
        synchronized (state) {
            return List.copyOf(state.invocations);
        }
    }

    /**
     * Exceptions the emulator itself failed with (its bugs, not the API errors it means to answer), in order. Each
     * was answered with 500 ServiceException naming it; empty in a healthy run.
     */
    public List<RuntimeException> internalErrors() {
        synchronized (state) {
            return List.copyOf(state.internalErrors);
        }
    }

    /** Published version numbers, oldest first, e.g. {@code ["1", "2"]}. */
    public List<String> publishedVersions(String functionName) {
        synchronized (state) {
            return state.named(functionName).versions.stream().map(EmulatedFunction.Version::number).toList();
        }
    }

    /** A published version's State ({@code Active}, {@code Pending}, {@code Failed}), without polling it. */
    public String versionState(String functionName, String version) {
        synchronized (state) {
            return stateOf(functionName, version).state;
        }
    }

    /** {@code $LATEST} (qualifier null or "$LATEST"), a version number, or the version an alias points to. */
    public FunctionVersionView version(String functionName, String qualifier) {
        synchronized (state) {
            EmulatedFunction fn = state.named(functionName);
            EmulatedFunction.Alias alias = qualifier == null ? null : fn.aliases.get(qualifier);
            String q = alias != null ? alias.functionVersion() : qualifier;
            if (q == null || EmulatedFunction.LATEST.equals(q)) {
                return fn.latestView();
            }
            EmulatedFunction.Version v = fn.version(q);
            if (v == null) {
                throw new IllegalArgumentException("no version or alias " + qualifier + " of " + functionName);
            }
            return fn.view(v);
        }
    }

    /** An alias as it is now, empty when it does not exist. */
    public Optional<AliasView> alias(String functionName, String alias) {
        synchronized (state) {
            EmulatedFunction fn = state.named(functionName);
            return Optional.ofNullable(fn.aliases.get(alias)).map(a -> a.view(fn.name));
        }
    }

    /** The deployment package of {@code $LATEST}, a version number or an alias's version. */
    public byte[] codeZipFor(String functionName, String qualifier) {
        synchronized (state) {
            return state.named(functionName).code(version(functionName, qualifier).codeSha256());
        }
    }

    private static void requireNonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative: " + n);
        }
    }
}
