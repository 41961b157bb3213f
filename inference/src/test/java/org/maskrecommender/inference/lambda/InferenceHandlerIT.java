package org.maskrecommender.inference.lambda;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link InferenceHandlerTest}'s invocations against the packaged native executable ({@code verify -Pnative}):
 * Quarkus starts the mock event server in the test JVM and the executable polls it, and {@link ModelFixture}'s
 * S3Proxy settings reach the executable as system properties. Every test method talks to the function only
 * through the event server and to S3Proxy from the test JVM, so the same methods hold for both packagings.
 * Without {@code -Pnative} this class does not run (failsafe is configured only in the native profile): a packaged
 * JVM Lambda never polls the event server.
 */
@QuarkusIntegrationTest
class InferenceHandlerIT extends InferenceHandlerTest {
}
