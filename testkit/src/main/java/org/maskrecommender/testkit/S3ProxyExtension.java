package org.maskrecommender.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class the JVM's {@link S3ProxyServer#shared() shared S3Proxy}, started on first use and
 * stopped when the test JVM exits. The server's data is shared with every other test of the JVM, so a
 * test works on buckets of its own, from {@link #newBucket(String)}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyExtension S3 = new S3ProxyExtension();
 *
 * @Test void works() {
 *     String bucket = S3.newBucket("models");
 *     try (S3Client s3 = S3.server().client()) { ... }
 * }
 * }</pre>
 *
 * A test that stops S3Proxy (an outage) or needs an empty server starts its own with
 * {@link S3ProxyServer#start()} instead.
 */
public final class S3ProxyExtension implements BeforeAllCallback, BeforeEachCallback {

    private S3ProxyServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = S3ProxyServer.shared();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // also registered on an instance field (no beforeAll then); checks the shared server is still alive
        server = S3ProxyServer.shared();
    }

    /** Creates a bucket with a unique name starting with {@code prefix} (tests never share buckets). */
    public String newBucket(String prefix) {
        String name = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        server().createBucket(name);
        return name;
    }

    /** The running server; only valid inside the test lifecycle. */
    public S3ProxyServer server() {
        if (server == null) {
            throw new IllegalStateException("S3Proxy is not running: use the extension through @RegisterExtension");
        }
        return server;
    }
}
