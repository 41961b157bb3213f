package org.maskrecommender.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.core.store.BlobStore;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;

/**
 * What every command shares: the environment variables, where the project lives (for default
 * paths), the output streams, and clients built at most once and only when a command needs them.
 *
 * <p>Above 300 lines because it is the command line's one composition root: every command takes its clients, stores,
 * settings and failure wording from here rather than building its own.
 */
public final class CliContext implements AutoCloseable {

    /** Environment variable with the app's internal export token, for {@code https://} data sources. */
    public static final String APP_TOKEN_VARIABLE = "BREATHESAFE_INTERNAL_TOKEN";
    /**
     * Environment variable: how often a release polls a function update's status, as the deployer function's
     * {@code deployer.poll-delay} (which its environment sets with the same name).
     */
    public static final String POLL_DELAY_VARIABLE = "DEPLOYER_POLL_DELAY";
    /** Sender of release emails when {@code MAIL_FROM} is not set. */
    public static final String DEFAULT_MAIL_FROM = "mask-recommender@localhost";

    private final Map<String, String> env;
    private final AwsClients aws;
    private final Path home;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ObjectMapper mapper = Json.newMapper();
    private S3Client s3;
    private LambdaClient lambda;
    private SmtpNotifier smtp;
    private volatile boolean verbose;

    /**
     * @param env  environment variables (AWS settings, tokens, GIT_SHA)
     * @param home directory default stores live under ({@code <home>/model-store/<environment>})
     * @param out  results
     * @param err  progress and errors
     */
    public CliContext(Map<String, String> env, Path home, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(env);
        this.aws = new AwsClients(this.env);
        this.home = home;
        this.out = out;
        this.err = err;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Whether {@code --verbose} was given: failures then print their stack trace. */
    public boolean verbose() {
        return verbose;
    }

    void verbose(boolean on) {
        this.verbose = on;
    }

    /**
     * Reports a failure: {@code error: <message>} on stderr, with the stack trace only when verbose. A command that
     * knows its failure (a training error code, a model that cannot be loaded) prints it in its own words instead.
     */
    public void fail(Throwable e) {
        err.println("error: " + describe(e));
        stackTrace(e);
    }

    /** A failure in words: its message, or for a file system failure the file and what happened to it. */
    static String describe(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String what = f.getReason() != null ? f.getReason()
                    : f.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                            .toLowerCase(Locale.ROOT);
            return (f.getFile() == null ? "" : f.getFile() + ": ") + what
                    + (f.getOtherFile() == null ? "" : " (" + f.getOtherFile() + ")");
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The stack trace of a failure already reported in words, when verbose. */
    public void stackTrace(Throwable e) {
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    public String env(String name) {
        return env.get(name);
    }

    /** All the environment variables the app was started with. */
    public Map<String, String> environment() {
        return env;
    }

    /** The project directory default paths are relative to. */
    public Path home() {
        return home;
    }

    /** The environment's store: the given location, else {@code <home>/model-store/<environment>}. */
    public String storeLocation(String given, Environment environment) {
        return given != null ? given : home.resolve("model-store").resolve(environment.id()).toString();
    }

    /**
     * The environment's inference function: {@code STAGING_FUNCTION} / {@code PRODUCTION_FUNCTION} when set (a
     * deployment that names its functions otherwise), else the environment's default name.
     */
    public String inferenceFunction(Environment environment) {
        String given = env.get(environment.id().toUpperCase(Locale.ROOT) + "_FUNCTION");
        return given == null || given.isBlank() ? environment.inferenceFunction() : given.strip();
    }

    /**
     * How often a release polls a function update's status until it completes: {@code DEPLOYER_POLL_DELAY}, an
     * ISO-8601 duration such as {@code PT0.5S}, else 1 s.
     *
     * @throws IllegalArgumentException when it is set to anything but a duration of zero or more
     */
    public Duration updatePollDelay() {
        String given = env.get(POLL_DELAY_VARIABLE);
        if (given == null || given.isBlank()) {
            return Duration.ofSeconds(1);
        }
        Duration delay;
        try {
            delay = Duration.parse(given.strip());
        } catch (java.time.format.DateTimeParseException e) {
            delay = null;
        }
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException(POLL_DELAY_VARIABLE + " must be an ISO-8601 duration such as PT1S, got \""
                    + given + "\"");
        }
        return delay;
    }

    public ModelStore modelStore(String location) {
        return new ModelStore(blobStore(location), mapper);
    }

    /** The blob store at a location: a directory, or {@code s3://bucket/prefix} through the S3 client. */
    public BlobStore blobStore(String location) {
        return StoreLocation.open(location, this::s3);
    }

    /**
     * A model holder for the environment's store: loads once, on first use, and keeps the model. A version named
     * without its manifest's sha256 is pinned to its manifest as stored now, and stderr says so: on this machine
     * the operator is the one who could have edited it.
     *
     * @param model the store, environment, and optionally a version and its manifest hash
     */
    public ModelHolder modelHolder(ModelOptions model) {
        String location = storeLocation(model.store, model.environment);
        ModelStore store = modelStore(location);
        Optional<String> sha = Optional.ofNullable(model.manifestSha256);
        if (model.modelVersion != null && sha.isEmpty()) {
            try {
                sha = Optional.of(store.refOf(model.modelVersion).manifestSha256());
                err.println("note: pinning " + model.modelVersion + " to its manifest as stored now (sha256 " + sha.get()
                        + "); pass --manifest-sha256 to pin the one that was published");
            } catch (RuntimeException e) {
                // the loader reports a missing or unreadable version as model_unavailable, with the reason
            }
        }
        return new ModelHolder(new ModelLoader(store, Optional.ofNullable(model.modelVersion), sha,
                model.environment, mapper));
    }

    public SourceReader sourceReader() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build(); // never hand the app's token to another host
        return new SourceReader(this::s3, http, Optional.ofNullable(env.get(APP_TOKEN_VARIABLE)));
    }

    /** The S3 client from the standard AWS variables ({@code AWS_ENDPOINT_URL_S3}, …), built on first use. */
    synchronized S3Client s3() {
        if (s3 == null) {
            s3 = aws.s3();
        }
        return s3;
    }

    /** The Lambda client from the standard AWS variables ({@code AWS_ENDPOINT_URL_LAMBDA}, …), built on first use. */
    public synchronized LambdaClient lambda() {
        if (lambda == null) {
            lambda = aws.lambda();
        }
        return lambda;
    }

    /**
     * Where release and rollback emails go: SMTP when {@code SMTP_HOST} is set (port {@code SMTP_PORT},
     * default 587; {@code SMTP_START_TLS} true/false, default false; {@code SMTP_USERNAME},
     * {@code SMTP_PASSWORD}; sender {@code MAIL_FROM}; recipients {@code NOTIFY_EMAILS}, comma-separated),
     * else a line on stderr. The settings are checked now; the SMTP client starts on the first email.
     * What was sent, or why not, is reported on stderr; a failed send also throws, as {@link Notifier} says.
     *
     * @throws IllegalArgumentException for an unusable SMTP setting
     */
    public Notifier notifier() {
        Optional<SmtpNotifier.Settings> settings = smtpSettings();
        if (settings.isEmpty()) {
            return n -> err.println("email not configured: " + n.subject());
        }
        List<String> recipients = settings.get().recipients();
        if (recipients.isEmpty()) {
            return n -> err.println("email not sent (NOTIFY_EMAILS is empty): " + n.subject());
        }
        return n -> {
            try {
                smtp(settings.get()).send(n);
            } catch (RuntimeException e) {
                err.println("warning: email not sent: " + e.getMessage());
                throw e;
            }
            err.println("email sent to " + String.join(", ", recipients) + ": " + n.subject());
        };
    }

    private Optional<SmtpNotifier.Settings> smtpSettings() {
        String host = env.get("SMTP_HOST");
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        int port = 587;
        String givenPort = env.get("SMTP_PORT");
        if (givenPort != null && !givenPort.isBlank()) {
            try {
                port = Integer.parseInt(givenPort.strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SMTP_PORT must be a port number (1-65535), got \"" + givenPort + "\"");
            }
        }
        boolean startTls = false;
        String givenTls = env.get("SMTP_START_TLS");
        if (givenTls != null && !givenTls.isBlank()) {
            String tls = givenTls.strip().toLowerCase(Locale.ROOT);
            if (!tls.equals("true") && !tls.equals("false")) {
                throw new IllegalArgumentException("SMTP_START_TLS must be true or false, got \"" + givenTls + "\"");
            }
            startTls = tls.equals("true");
        }
        String from = env.get("MAIL_FROM");
        List<String> recipients = env.get("NOTIFY_EMAILS") == null ? List.of()
                : Arrays.stream(env.get("NOTIFY_EMAILS").split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList();
        return Optional.of(new SmtpNotifier.Settings(host.strip(), port, startTls, nonBlank("SMTP_USERNAME"),
                nonBlank("SMTP_PASSWORD"), from == null || from.isBlank() ? DEFAULT_MAIL_FROM : from.strip(), recipients));
    }

    private Optional<String> nonBlank(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private synchronized SmtpNotifier smtp(SmtpNotifier.Settings settings) {
        if (smtp == null) {
            smtp = new SmtpNotifier(settings);
        }
        return smtp;
    }

    @Override
    public synchronized void close() {
        out.flush();
        err.flush();
        if (smtp != null) {
            smtp.close();
        }
        if (lambda != null) {
            lambda.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
