package org.maskrecommender.deployer.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The check every new inference version passes before it gets traffic: invoke it with a canned request and
 * require ranked masks, from the expected model.
 */
final class SmokeTest {

    /** The canned request: a typical adult face, the top 3. */
    static final String REQUEST = "{\"method\": \"infer\", \"facial_measurements\": {\"nose_mm\": 52.1,"
            + " \"chin_mm\": 98.0, \"top_cheek_mm\": 110.4, \"mid_cheek_mm\": 107.9, \"strap_mm\": 251.0,"
            + " \"facial_hair_beard_length_mm\": 0}, \"limit\": 3}";

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
     * @throws ReleaseException saying what the function answered instead
     */
    void check(DeploymentTarget target, String qualifier, String expectedModel) {
        LambdaOperations.InvokeResult r = lambda.invoke(target.functionName(), qualifier, request);
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
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
