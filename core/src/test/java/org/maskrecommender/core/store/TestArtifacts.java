package org.maskrecommender.core.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.features.EncodingParameters;
import org.maskrecommender.core.features.Standardizer;

/** Small but complete model versions for store tests. */
final class TestArtifacts {

    private TestArtifacts() {
    }

    static ModelArtifacts artifacts(String createdAt, String modelText, String masksText) {
        byte[] model = modelText.getBytes(StandardCharsets.UTF_8);
        byte[] masks = masksText.getBytes(StandardCharsets.UTF_8);
        Instant created = Instant.parse(createdAt);
        return new ModelArtifacts(manifest(ModelVersion.of(created, model), created), model, masks);
    }

    static ModelArtifacts withVersion(String version, String modelText, String masksText) {
        return new ModelArtifacts(manifest(version, Instant.parse("2026-11-28T05:00:12Z")),
                modelText.getBytes(StandardCharsets.UTF_8), masksText.getBytes(StandardCharsets.UTF_8));
    }

    static Manifest manifest(String version, Instant createdAt) {
        EncodingParameters encoding = new EncodingParameters(new Standardizer(350.5, 20.25),
                new Standardizer(-3.0, 12.5), new Standardizer(160.0, 90.0), new Standardizer(1.5, 2.0),
                new Standardizer(0.0, 1.0), List.of("Bifold", "Cup"), List.of("Earloop", "Headstrap"),
                List.of(1L, 7L));
        ObjectNode metrics = JsonNodeFactory.instance.objectNode();
        metrics.putObject("held_out").put("auc", 0.8125).put("rows", 120);
        ObjectNode code = JsonNodeFactory.instance.objectNode().put("git_sha", "0123abcd");
        return new Manifest(version, org.maskrecommender.core.environment.Environment.STAGING, createdAt, null, List.of("facial_perimeter", "perimeter_diff"),
                encoding, new OnnxSignature("features", "probabilities", 2, 1), List.of(), metrics, null, code, null, null);
    }
}
