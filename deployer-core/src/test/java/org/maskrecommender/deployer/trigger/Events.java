package org.maskrecommender.deployer.trigger;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Hand-written event payloads in the shapes AWS and the release workflow deliver them. */
final class Events {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String MODEL_VERSION = "20261128T050012Z-3f9a1c2e";
    static final String EVENT_ID = "github-run-12345678901-1";
    static final String HEAD_SHA = "3f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final String RUN_URL = "https://github.com/breathesafe/mask-recommender/actions/runs/12345678901";

    private Events() {
    }

    /** A Lambda Function URL event (payload format 2.0), which the deployer must refuse: it has no endpoint. */
    static ObjectNode functionUrlEvent(String body) {
        ObjectNode node = (ObjectNode) read("""
                {
                  "version": "2.0",
                  "routeKey": "$default",
                  "rawPath": "/",
                  "headers": {"content-type": "application/json"},
                  "requestContext": {"http": {"method": "POST", "path": "/"}},
                  "isBase64Encoded": true
                }
                """);
        node.put("body", Base64.getEncoder().encodeToString(utf8(body)));
        return node;
    }

    /** The event training publishes to EventBridge, as the bus delivers it to a rule target. */
    static ObjectNode modelTrained(String environment, String modelVersion, String trigger) {
        return (ObjectNode) read("""
                {
                  "version": "0",
                  "id": "a7e4b1c2-3d5f-6e7a-8b9c-0d1e2f3a4b5c",
                  "detail-type": "Model Trained",
                  "source": "mask-recommender.training",
                  "account": "123456789012",
                  "time": "2026-11-28T05:00:41Z",
                  "region": "eu-west-1",
                  "resources": ["arn:aws:lambda:eu-west-1:123456789012:function:mask-recommender-training-staging"],
                  "detail": {
                    "environment": "%s",
                    "model_version": "%s",
                    "trigger": "%s",
                    "metrics": {"roc_auc": 0.79}
                  }
                }
                """.formatted(environment, modelVersion, trigger));
    }

    /** An EventBridge scheduled rule's event. */
    static final String SCHEDULED_EVENT = """
            {
              "version": "0",
              "id": "89d1a02d-5ec7-412e-82f5-13505f849b41",
              "detail-type": "Scheduled Event",
              "source": "aws.events",
              "account": "123456789012",
              "time": "2026-11-28T05:00:00Z",
              "region": "eu-west-1",
              "resources": ["arn:aws:events:eu-west-1:123456789012:rule/mask-recommender-weekly-retrain"],
              "detail": {}
            }
            """;

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }
}
