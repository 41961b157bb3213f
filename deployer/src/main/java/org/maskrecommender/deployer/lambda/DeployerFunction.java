package org.maskrecommender.deployer.lambda;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.deployer.DeployerService;
import org.maskrecommender.deployer.DeployerServices;
import org.maskrecommender.deployer.release.DeploymentTarget;

/** The deployer's services, assembled once per container from configuration and the extensions' clients. */
@ApplicationScoped
public class DeployerFunction {

    private final ObjectMapper mapper = Json.newMapper();
    private final DeployerService service;

    public DeployerFunction(DeployerConfig config, LambdaClient lambda, S3Client s3, Notifier notifier) {
        DeployerServices.Builder deployer = DeployerServices.builder().lambda(lambda).s3(() -> s3)
                .notifier(notifier).mapper(mapper).canaryInvocations(config.canaryInvocations())
                .updateWait(config.pollDelay(), config.maxWait()).publishWait(config.publishWait());
        config.environments().forEach((id, t) -> {
            DeploymentTarget target = DeploymentTarget.of(Environment.of(id), t.modelStore())
                    .withFunctionName(t.function());
            deployer.target(t.codeBucket().map(bucket -> target.withCodeBucket(bucket, t.codeKeyPrefix()))
                    .orElse(target));
        });
        this.service = deployer.build().service();
    }

    public byte[] invoke(byte[] event) {
        try {
            return mapper.writeValueAsBytes(service.handle(event).response());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the response", e);
        }
    }
}
