package org.maskrecommender.core.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Reads a data location: a local file, an {@code s3://bucket/key} object, or an {@code https://}
 * endpoint of the app (GET, with the {@code X-Breathesafe-Internal-Token} header when a token is
 * configured; only over https, or over plain http to a stand-in on this machine). Plain {@code http://}
 * elsewhere is read without the token.
 */
public final class SourceReader {

    /** Header the app's internal export endpoint authenticates with. */
    public static final String TOKEN_HEADER = "X-Breathesafe-Internal-Token";

    private final Supplier<S3Client> s3;
    private final HttpClient http;
    private final Optional<String> appToken;

    /**
     * @param s3       S3 client, asked for only when an {@code s3://} location is read
     * @param http     HTTP client for the app's endpoint
     * @param appToken token for the app's internal endpoint, if any
     */
    public SourceReader(Supplier<S3Client> s3, HttpClient http, Optional<String> appToken) {
        this.s3 = s3;
        this.http = http;
        this.appToken = appToken;
    }

    public SourceContent read(String location) {
        if (location == null || location.isBlank()) {
            throw new DataSourceException(String.valueOf(location), "no data location given");
        }
        if (location.startsWith("s3://")) {
            return readS3(location);
        }
        if (location.startsWith("https://") || location.startsWith("http://")) {
            return readHttp(location);
        }
        return readFile(location);
    }

    private SourceContent readFile(String location) {
        Path path = Path.of(location.startsWith("file:") ? URI.create(location).getPath() : location);
        try {
            return new SourceContent(location, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new DataSourceException(location, "no such file");
        } catch (IOException e) {
            throw new DataSourceException(location, "cannot read: " + e.getMessage());
        }
    }

    private SourceContent readS3(String location) {
        S3Uri uri = S3Uri.parse(location);
        if (uri.key().isEmpty()) {
            throw new DataSourceException(location, "an s3:// data location must name an object: s3://bucket/key");
        }
        try {
            byte[] bytes = s3.get().getObjectAsBytes(GetObjectRequest.builder().bucket(uri.bucket()).key(uri.key()).build())
                    .asByteArray();
            return new SourceContent(location, bytes);
        } catch (SdkException e) {
            throw new DataSourceException(location, "cannot read from S3: " + e.getMessage());
        }
    }

    /** The token never crosses a network in clear text: https, or plain http to this machine's stand-ins. */
    static boolean tokenMaySee(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        return "https".equals(uri.getScheme())
                || ("http".equals(uri.getScheme()) && (host.equals("localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1")));
    }

    private SourceContent readHttp(String location) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(location))
                .timeout(Duration.ofMinutes(2))
                .header("Accept", "application/json, text/csv")
                .GET();
        if (tokenMaySee(URI.create(location))) {
            appToken.ifPresent(token -> request.header(TOKEN_HEADER, token));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new DataSourceException(location, "the app answered HTTP " + response.statusCode());
            }
            return new SourceContent(location, response.body());
        } catch (IOException e) {
            throw new DataSourceException(location, "cannot fetch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataSourceException(location, "interrupted while fetching");
        }
    }
}
