package org.maskrecommender.deployer.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mailer;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.StoreLocation;
import org.maskrecommender.deployer.DeployerService;
import org.maskrecommender.deployer.LambdaClients;
import org.maskrecommender.deployer.release.DeploymentTarget;
import org.maskrecommender.deployer.release.LambdaOperations;
import org.maskrecommender.deployer.release.ReleaseService;
import org.maskrecommender.deployer.release.RetryPolicy;
import org.maskrecommender.deployer.release.RollbackService;
import org.maskrecommender.deployer.release.StatusService;
import org.maskrecommender.deployer.trigger.EventRecognizer;

/** Wires the shared deployer services from configuration, once per container. */
@ApplicationScoped
public class DeployerFunction {

    private final ObjectMapper mapper = Json.newMapper();
    private final LambdaClient lambda;
    private final DeployerService service;

    public DeployerFunction(DeployerConfig config, S3Client s3, Mailer mailer) {
        Map<String, String> env = new HashMap<>(System.getenv());
        config.lambdaEndpoint().ifPresent(endpoint -> env.put("AWS_ENDPOINT_URL_LAMBDA", endpoint));
        this.lambda = LambdaClients.fromEnvironment(env);
        Map<String, DeploymentTarget> targets = new HashMap<>();
        config.environments().forEach((name, t) -> targets.put(name, new DeploymentTarget(name, t.function(),
                config.alias(), t.modelStore(), t.codeBucket(), t.codeKeyPrefix())));
        java.util.function.Function<String, DeploymentTarget> target = name -> {
            DeploymentTarget t = targets.get(name);
            if (t == null) {
                throw new IllegalArgumentException("environment " + name + " is not configured");
            }
            return t;
        };
        LambdaOperations operations = new LambdaOperations(lambda, RetryPolicy.standard(), config.pollDelay(),
                config.maxWait());
        MailerNotifier notifier = new MailerNotifier(mailer, config.mailTo().orElse(List.of()));
        java.util.function.Function<String, org.maskrecommender.core.store.BlobStore> stores =
                location -> StoreLocation.open(location, () -> s3);
        ReleaseService releases = new ReleaseService(target, stores, () -> s3, operations, notifier, mapper,
                Clock.systemUTC(), ReleaseService.SMOKE_REQUEST.getBytes(StandardCharsets.UTF_8), config.canaryInvocations());
        EventRecognizer recognizer = new EventRecognizer(
                config.webhookSecret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null),
                Set.copyOf(targets.keySet()), Set.copyOf(config.releaseWorkflows().orElse(List.of())));
        this.service = new DeployerService(recognizer, releases,
                new RollbackService(target, stores, operations, notifier, mapper, Clock.systemUTC()),
                new StatusService(target, stores, operations, mapper), target, mapper);
    }

    public byte[] invoke(byte[] event) {
        try {
            return mapper.writeValueAsBytes(service.handle(event).response());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the response", e);
        }
    }

    @PreDestroy
    void close() {
        lambda.close();
    }
}
