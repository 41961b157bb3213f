package org.maskrecommender.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures a user can cause are one line in words, {@code error …: …}, and exit status 1, never a stack trace;
 * {@code --verbose} adds the stack trace.
 */
class CliFailuresTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
        boolean hasStackTrace() {
            return err.contains("\tat ") || err.contains("Exception:");
        }
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (CliContext context = new CliContext(env, dir, new PrintWriter(out), new PrintWriter(err))) {
            int status = MaskRecommenderCli.run(context, args);
            context.out().flush();
            context.err().flush();
            return new Run(status, out.toString(), err.toString());
        }
    }

    /** S3 settings pointing at a port nothing listens on. */
    private static Map<String, String> unreachableS3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + port);
        env.put("AWS_ACCESS_KEY_ID", "x");
        env.put("AWS_SECRET_ACCESS_KEY", "y");
        env.put("AWS_REGION", "us-east-1");
        return env;
    }

    @Test
    void trainAgainstAnUnreachableS3IsStoreFailed() throws Exception {
        Run r = run(unreachableS3(), "train", "--sample-users", "300", "--store", "s3://models/staging");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error [store_failed]: ").contains("s3://models/staging");
        assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    }

    @Test
    void trainWithAStoreThatIsNoLocationIsStoreFailed() {
        Run r = run(Map.of(), "train", "--sample-users", "300", "--store", "s3://");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error [store_failed]: cannot open the model store s3://").contains("no bucket");
        assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    }

    @Test
    void trainWithAnS3EndpointThatIsNoUrlIsStoreFailed() {
        Run r = run(Map.of("AWS_ENDPOINT_URL_S3", "http://bad host:99"), "train", "--store", "s3://models/staging");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error [store_failed]: ").contains("bad host");
        assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    }

    @Test
    void verbosePrintsTheStackTraceToo() throws Exception {
        Run r = run(Map.of(), "train", "--store", "s3://", "--verbose");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error [store_failed]: ").contains("\tat ");
        java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        Run before = run(Map.of(), "--verbose", "sample", "--out", dir.resolve("a-file").resolve("under-a-file.csv").toString());
        assertThat(before.err()).contains("\tat ");
    }

    @Test
    void recommendAgainstAnUnreachableS3IsModelUnavailableWithTheReason() throws Exception {
        Run r = run(unreachableS3(), "recommend", "--face", "nose=52,chin=98,top_cheek=110,mid_cheek=108,strap=250",
                "--store", "s3://models/staging");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("error [model_unavailable]: ").contains("reason: ").contains("s3://models/staging");
        assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    }

    @Test
    void recommendWithAStoreThatIsNoLocation() {
        Run r = run(Map.of(), "recommend", "--face", "nose=52", "--store", "s3://");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("no bucket");
        assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    }

    @Test
    void serveOnAPortOutOfRange() {
        Run r = run(Map.of(), "serve", "--port", "99999");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").contains("99999");
        assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    }

    @Test
    void serveOnAPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = run(Map.of(), "serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: ");
            assertThat(r.hasStackTrace()).as(r.err()).isFalse();
        }
    }

    @Test
    void sampleIntoADirectoryThatCannotExist() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("a-file"), "x");
        Run r = run(Map.of(), "sample", "--out", dir.resolve("a-file").resolve("under-a-file.csv").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ");
        assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    }
}
