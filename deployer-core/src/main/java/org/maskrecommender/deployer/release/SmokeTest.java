package org.maskrecommender.deployer.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.probes.ProbeReport;
import org.maskrecommender.core.probes.Probes;

/**
 * The checks every new inference version passes before it gets traffic: invoke it with a canned request and
 * require ranked masks, from the expected model; then run the probe set on it, as training did on the model.
 */
final class SmokeTest {

    private static final System.Logger LOG = System.getLogger(SmokeTest.class.getName());

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
        Answer a = invoke(target, qualifier, request, timeout, "smoke test");
        if (!a.json().path("recommendations").isArray() || a.json().path("recommendations").isEmpty()) {
            throw new ReleaseException("smoke test of " + a.where() + " answered no recommendations: "
                    + abbreviate(a.json()));
        }
        a.requireModel(expectedModel);
        return a.result();
    }

    /**
     * Runs the probe set ({@link Probes}, the one training checked before publishing) on a version, through Invoke
     * of that version: one request per probe face, its masks in {@code mask_ids}.
     *
     * @param catalogue     the masks the released model serves (its masks.json), from which the probes pick theirs
     *                      exactly as training did
     * @param expectedModel the model version every answer must name
     * @return the report, every probe passed or skipped
     * @throws ReleaseException naming each failing probe and the probe set's version, or what the function answered
     *                          instead of probabilities
     */
    ProbeReport probes(DeploymentTarget target, String version, String expectedModel, List<Mask> catalogue,
                       Duration timeout) {
        String where = target.functionName() + ":" + version;
        LambdaProbeScorer scorer = new LambdaProbeScorer(
                payload -> invoke(target, version, payload, timeout, "probe request").requireModel(expectedModel)
                        .json(), mapper, where);
        ProbeReport report = Probes.check(scorer, catalogue);
        if (!report.passed()) {
            throw new ReleaseException("probe set " + report.version() + " failed on " + where + " (model "
                    + expectedModel + "): " + String.join("; ", report.failures().stream()
                            .map(r -> r.name() + ": " + r.detail()).toList()));
        }
        LOG.log(System.Logger.Level.INFO, () -> "probe set " + report.version() + " passed on " + where + " in "
                + scorer.requests() + " invocations: " + String.join(", ", report.results().stream()
                        .map(r -> r.name() + " " + r.status()).toList()));
        return report;
    }

    /** An answer: the invocation, its JSON, and what was asked of where, for messages. */
    private record Answer(LambdaOperations.InvokeResult result, JsonNode json, String what, String where) {

        /** @param expectedModel the model version the answer must name; null: any */
        Answer requireModel(String expectedModel) {
            String served = json.path("model").path("version").asText(null);
            if (expectedModel != null && !expectedModel.equals(served)) {
                throw new ReleaseException(what + " of " + where + " answered with model " + served + ", expected "
                        + expectedModel + (json.has("error") ? ": " + abbreviate(json) : ""));
            }
            return this;
        }
    }

    /** Invokes once; a function error or an answer that is not JSON fails the release. */
    private Answer invoke(DeploymentTarget target, String qualifier, byte[] payload, Duration timeout, String what) {
        LambdaOperations.InvokeResult r = lambda.invoke(target.functionName(), qualifier, payload, timeout);
        String where = target.functionName() + ":" + qualifier;
        if (r.functionError() != null) {
            throw new ReleaseException(what + " of " + where + " failed (" + r.functionError() + "): "
                    + new String(r.payload(), StandardCharsets.UTF_8));
        }
        JsonNode response;
        try {
            response = mapper.readTree(r.payload());
        } catch (IOException e) {
            throw new ReleaseException(what + " of " + where + " answered something that is not JSON");
        }
        return new Answer(r, response, what, where);
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
