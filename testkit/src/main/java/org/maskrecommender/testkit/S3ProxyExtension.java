package org.maskrecommender.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs an {@link S3ProxyServer} for a test class or a single test, with no shared global state.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyExtension S3 = new S3ProxyExtension();   // one server per test class
 *
 * @Test void works() {
 *     S3.server().createBucket("models");
 *     try (S3Client s3 = S3.server().client()) { ... }
 * }
 * }</pre>
 *
 * Registered on an instance field instead, it starts one server per test method.
 */
public final class S3ProxyExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private S3ProxyServer server;
    /** Whether this server belongs to the class (static field) or to the current test method. */
    private boolean classScoped;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = S3ProxyServer.start();
        classScoped = true;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            server = S3ProxyServer.start();
            classScoped = false;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!classScoped) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** The running server; only valid inside the test lifecycle. */
    /** Creates a bucket with a unique name starting with {@code prefix} (tests never share buckets). */
    public String newBucket(String prefix) {
        String name = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        server().createBucket(name);
        return name;
    }

    public S3ProxyServer server() {
        if (server == null) {
            throw new IllegalStateException("S3Proxy is not running: use the extension through @RegisterExtension");
        }
        return server;
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
