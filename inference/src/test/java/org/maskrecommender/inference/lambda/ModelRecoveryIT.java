package org.maskrecommender.inference.lambda;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ModelRecoveryTest} against the native executable ({@code verify -Pnative}): an empty store, a tampered
 * version and recovery, with the test profile's settings passed to the executable as system properties. Proves
 * the native image loads a model over S3, verifies its hashes and runs ONNX Runtime through JNI.
 */
@QuarkusIntegrationTest
class ModelRecoveryIT extends ModelRecoveryTest {
}
