package org.maskrecommender.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.aws.S3Clients;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.inference.ModelHolder;
import org.maskrecommender.inference.ModelLoader;

/**
 * What every command shares: the environment variables, where the project lives (for default
 * paths), the output streams, and clients built at most once and only when a command needs them.
 */
public final class CliContext implements AutoCloseable {

    /** Environment variable with the app's internal export token, for {@code https://} data sources. */
    public static final String APP_TOKEN_VARIABLE = "BREATHESAFE_INTERNAL_TOKEN";

    private final Map<String, String> env;
    private final Path home;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ObjectMapper mapper = Json.newMapper();
    private S3Client s3;

    /**
     * @param env  environment variables (AWS settings, tokens, GIT_SHA)
     * @param home directory default stores live under ({@code <home>/model-store/<environment>})
     * @param out  results
     * @param err  progress and errors
     */
    public CliContext(Map<String, String> env, Path home, PrintWriter out, PrintWriter err) {
        this.env = Map.copyOf(env);
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

    public String env(String name) {
        return env.get(name);
    }

    /** The environment's store: the given location, else {@code <home>/model-store/<environment>}. */
    public String storeLocation(String given, String environment) {
        return given != null ? given : home.resolve("model-store").resolve(environment).toString();
    }

    public ModelStore modelStore(String location) {
        return new ModelStore(StoreLocation.open(location, this::s3), mapper);
    }

    /** A model holder for the environment's store: loads once, on first use, and keeps the model. */
    public ModelHolder modelHolder(String storeLocation, String environment, String modelVersion) {
        return new ModelHolder(new ModelLoader(modelStore(storeLocation), Optional.ofNullable(modelVersion),
                environment, mapper));
    }

    public SourceReader sourceReader() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return new SourceReader(this::s3, http, Optional.ofNullable(env.get(APP_TOKEN_VARIABLE)));
    }

    private synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Clients.fromEnvironment(env);
        }
        return s3;
    }

    @Override
    public synchronized void close() {
        out.flush();
        err.flush();
        if (s3 != null) {
            s3.close();
        }
    }
}
