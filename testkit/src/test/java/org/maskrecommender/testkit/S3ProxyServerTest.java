package org.maskrecommender.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ProxyServerTest {

    @Test
    void servesS3ToTheConfiguredClientAndStopsOnClose() {
        long pid;
        try (S3ProxyServer server = S3ProxyServer.start(Duration.ofSeconds(30))) {
            pid = server.pid();
            assertThat(server.isShared()).isFalse();
            assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            String bucket = "bucket-" + UUID.randomUUID().toString().substring(0, 8);
            server.createBucket(bucket);

            try (S3Client s3 = server.client()) {
                s3.putObject(PutObjectRequest.builder().bucket(bucket).key("a/b.txt").build(), RequestBody.fromString("hi"));
                assertThat(s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key("a/b.txt").build())
                        .asUtf8String()).isEqualTo("hi");
            }
            assertThat(server.endpoint()).as("a server of its own, not the shared one")
                    .isNotEqualTo(S3ProxyServer.shared().endpoint());
        }
        Optional<ProcessHandle> after = ProcessHandle.of(pid);
        assertThat(after.isEmpty() || !after.get().isAlive()).as("S3Proxy process %d gone", pid).isTrue();
    }

    @Test
    void aRestartableServerStopsAndComesBackOnTheSameEndpointWithItsData() {
        try (S3ProxyServer server = S3ProxyServer.startRestartable(); S3Client s3 = server.client()) {
            server.createBucket("kept");
            s3.putObject(PutObjectRequest.builder().bucket("kept").key("a/b.txt").build(), RequestBody.fromString("hi"));
            URI endpoint = server.endpoint();
            long pid = server.pid();

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> s3.getObjectAsBytes(GetObjectRequest.builder().bucket("kept").key("a/b.txt")
                    .build())).isInstanceOf(SdkClientException.class);

            server.restart();
            assertThat(server.isRunning()).isTrue();
            assertThat(server.pid()).isNotEqualTo(pid);
            assertThat(server.endpoint()).isEqualTo(endpoint);
            assertThat(s3.getObjectAsBytes(GetObjectRequest.builder().bucket("kept").key("a/b.txt").build())
                    .asUtf8String()).isEqualTo("hi");
            assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
        }
    }

    @Test
    void aServerWithItsDataInMemoryCannotBeStopped() {
        assertThatThrownBy(() -> S3ProxyServer.shared().stop()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("startRestartable");
    }

    @Test
    void theSharedServerIsOneRunningServerThatNoTestCanClose() {
        S3ProxyServer shared = S3ProxyServer.shared();
        assertThat(S3ProxyServer.shared()).isSameAs(shared);
        assertThat(shared.isShared()).isTrue();

        assertThatThrownBy(shared::close).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("S3ProxyServer.start()");

        assertThat(ProcessHandle.of(shared.pid())).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        String bucket = "still-" + UUID.randomUUID().toString().substring(0, 8);
        shared.createBucket(bucket);
        try (S3Client s3 = shared.client()) {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key("k").build(), RequestBody.fromString("up"));
            assertThat(s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key("k").build())
                    .asUtf8String()).isEqualTo("up");
        }
    }

    @Test
    void requestsAreAuthenticated() {
        S3ProxyServer server = S3ProxyServer.shared();
        String bucket = "authenticated-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client wrongSecret = S3Client.builder()
                        .endpointOverride(server.endpoint())
                        .region(Region.of(server.region()))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(server.accessKey(), "not-the-secret")))
                        .forcePathStyle(true)
                        .httpClientBuilder(UrlConnectionHttpClient.builder())
                        .build()) {
            server.createBucket(bucket);

            assertThatThrownBy(() -> wrongSecret.putObject(
                    PutObjectRequest.builder().bucket(bucket).key("k").build(), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void awsEnvironmentPointsAtTheServer() {
        S3ProxyServer server = S3ProxyServer.shared();
        assertThat(server.awsEnvironment())
                .containsEntry("AWS_ENDPOINT_URL_S3", server.endpoint().toString())
                .containsEntry("AWS_ACCESS_KEY_ID", server.accessKey())
                .containsEntry("AWS_SECRET_ACCESS_KEY", server.secretKey())
                .containsEntry("AWS_REGION", "us-east-1");
    }

    @Test
    void aBucketNameS3RejectsFailsLoudly() {
        assertThatThrownBy(() -> S3ProxyServer.shared().createBucket("b1")).hasMessageContaining("InvalidBucketName");
    }
}
