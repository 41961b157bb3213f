package org.maskrecommender.deployer.lambda;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link DeployerHandlerTest} against the packaged native executable ({@code verify -Pnative}): releases, a
 * duplicate, refusals, rollback and status through the mock event server, with the AWS SDK's Lambda and S3 clients,
 * Jackson's bindings of the ledger and release records, and the mailer all running inside the native image.
 * {@link DeployWorld} runs in the test JVM (S3Proxy, the Lambda emulator, GreenMail) and hands the executable
 * its endpoints as system properties; the tests look only at what those stand-ins received.
 */
@QuarkusIntegrationTest
class DeployerHandlerIT extends DeployerHandlerTest {
}
