package org.maskrecommender.deployer.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The check every new inference version passes before it gets traffic: invoke it with a canned request and
 * require ranked masks, from the expected model.
 */
final class SmokeTest {

    /**
     * The canned request: a typical adult face, the top 3, in the documented format whatever the function's default
     * (a deployment serving the Breathesafe app answers its legacy shape to requests that name none).
     */
    static final String REQUEST = "{\"method\": \"infer\", \"facial_measurements\": {\"nose_mm\": 52.1,"
            + " \"chin_mm\": 98.0, \"top_cheek_mm\": 110.4, \"mid_cheek_mm\": 107.9, \"strap_mm\": 251.0,"
            + " \"facial_hair_beard_length_mm\": 0}, \"limit\": 3, \"response_format\": \"default\"}";

    /** Invocations a canary may take to reach the new version often enough; beyond this, the weight is suspect. */
    private static final int MAX_CANARY_INVOCATIONS = 200;

    private final LambdaOperations lambda;
    private final ObjectMapper mapper;
    private final byte[] request;

    SmokeTest(LambdaOperations lambda, ObjectMapper mapper, byte[] request) {
        this.lambda = lambda;
        this.mapper = mapper;
        this.request = request.clone();
    }

    /**
     * Invokes a version (or the alias) once.
     *
     * @param expectedModel the model version the answer must name; null: any (a canary through the alias)
     * @param timeout       the longest the invoked version(s) may run: their configured {@code Timeout}
     * @throws ReleaseException saying what the function answered instead
     */
    LambdaOperations.InvokeResult check(DeploymentTarget target, String qualifier, String expectedModel,
                                        Duration timeout) {
        LambdaOperations.InvokeResult r = lambda.invoke(target.functionName(), qualifier, request, timeout);
        String where = target.functionName() + ":" + qualifier;
        if (r.functionError() != null) {
            throw new ReleaseException("smoke test of " + where + " failed (" + r.functionError() + "): "
                    + new String(r.payload(), StandardCharsets.UTF_8));
        }
        JsonNode response;
        try {
            response = mapper.readTree(r.payload());
        } catch (IOException e) {
            throw new ReleaseException("smoke test of " + where + " answered something that is not JSON");
        }
        if (!response.path("recommendations").isArray() || response.path("recommendations").isEmpty()) {
            throw new ReleaseException("smoke test of " + where + " answered no recommendations: "
                    + abbreviate(response));
        }
        String served = response.path("model").path("version").asText(null);
        if (expectedModel != null && !expectedModel.equals(served)) {
            throw new ReleaseException("smoke test of " + where + " answered with model " + served + ", expected "
                    + expectedModel);
        }
        return r;
    }

    /**
     * Invokes the alias while it routes {@code weight} of its traffic to {@code newVersion}, until the new version
     * has answered {@code times} times: every answer, from either version, must pass. A canary that never reaches
     * the new version (weights are random per invocation) fails after a bound instead of passing untested.
     */
    void canary(DeploymentTarget target, String newVersion, int times, double weight, Duration timeout) {
        int bound = (int) Math.min(MAX_CANARY_INVOCATIONS, Math.max(20, Math.ceil(times / weight) * 4));
        int reached = 0;
        for (int i = 1; i <= bound; i++) {
            if (newVersion.equals(check(target, target.alias(), null, timeout).executedVersion()) && ++reached >= times) {
                return;
            }
        }
        throw new ReleaseException("the canary reached version " + newVersion + " " + reached + " of " + times
                + " times in " + bound + " invocations of " + target.functionName() + ":" + target.alias()
                + " (weight " + weight + ")");
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
