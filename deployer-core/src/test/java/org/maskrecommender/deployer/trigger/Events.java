package org.maskrecommender.deployer.trigger;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Hand-written event payloads in the shapes AWS and GitHub deliver them. */
final class Events {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static final String SECRET = "whsec-9f3e1c0b7a5d";
    static final String MODEL_VERSION = "20261128T050012Z-3f9a1c2e";
    static final String DELIVERY_ID = "6f1c8b2e-4d1a-11f0-9a3b-2c5e8d7f0a11";
    static final String HEAD_SHA = "3f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final String RUN_URL = "https://github.com/breathesafe/mask-recommender/actions/runs/12345678901";

    private Events() {
    }

    /**
     * A {@code workflow_run} delivery body as GitHub sends it (pretty-printed, two-space indent, non-ASCII in
     * the commit message), trimmed of URL fields the deployer never reads.
     */
    static String workflowRun(String action, String headBranch, String conclusion, String workflowName) {
        return """
                {
                  "action": "%s",
                  "workflow_run": {
                    "id": 12345678901,
                    "name": "%s",
                    "node_id": "WFR_kwLOJ8w7Ns8AAAAC3xHfNQ",
                    "head_branch": "%s",
                    "head_sha": "3f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
                    "path": ".github/workflows/build-inference.yml",
                    "display_title": "Release: Nasenbügel-Gewichtung für Maskenpassform ✓",
                    "run_number": 57,
                    "event": "push",
                    "status": "completed",
                    "conclusion": %s,
                    "workflow_id": 98765432,
                    "check_suite_id": 30000000001,
                    "check_suite_node_id": "CS_kwDOJ8w7Ns8AAAAG_xyzAQ",
                    "url": "https://api.github.com/repos/breathesafe/mask-recommender/actions/runs/12345678901",
                    "html_url": "https://github.com/breathesafe/mask-recommender/actions/runs/12345678901",
                    "pull_requests": [],
                    "created_at": "2026-11-28T05:02:11Z",
                    "updated_at": "2026-11-28T05:09:47Z",
                    "actor": {"login": "mara-fit", "id": 4711, "type": "User", "site_admin": false},
                    "run_attempt": 1,
                    "referenced_workflows": [],
                    "run_started_at": "2026-11-28T05:02:11Z",
                    "triggering_actor": {"login": "mara-fit", "id": 4711, "type": "User", "site_admin": false},
                    "jobs_url": "https://api.github.com/repos/breathesafe/mask-recommender/actions/runs/12345678901/jobs",
                    "logs_url": "https://api.github.com/repos/breathesafe/mask-recommender/actions/runs/12345678901/logs",
                    "artifacts_url": "https://api.github.com/repos/breathesafe/mask-recommender/actions/runs/12345678901/artifacts",
                    "head_commit": {
                      "id": "3f9a1c2e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
                      "tree_id": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807",
                      "message": "Release: Nasenbügel-Gewichtung für Maskenpassform ✓\\n\\nCo-authored-by: Sam <sam@example.org>",
                      "timestamp": "2026-11-28T05:01:58Z",
                      "author": {"name": "Mara Fit", "email": "mara@example.org"},
                      "committer": {"name": "GitHub", "email": "noreply@github.com"}
                    },
                    "repository": {"id": 654321098, "name": "mask-recommender", "full_name": "breathesafe/mask-recommender", "private": false},
                    "head_repository": {"id": 654321098, "name": "mask-recommender", "full_name": "breathesafe/mask-recommender", "private": false}
                  },
                  "workflow": {
                    "id": 98765432,
                    "node_id": "W_kwDOJ8w7Ns4F4dTo",
                    "name": "%s",
                    "path": ".github/workflows/build-inference.yml",
                    "state": "active",
                    "created_at": "2026-01-10T09:00:00.000Z",
                    "updated_at": "2026-11-01T12:00:00.000Z",
                    "html_url": "https://github.com/breathesafe/mask-recommender/blob/main/.github/workflows/build-inference.yml"
                  },
                  "repository": {
                    "id": 654321098,
                    "node_id": "R_kgDOJ8w7Ng",
                    "name": "mask-recommender",
                    "full_name": "breathesafe/mask-recommender",
                    "private": false,
                    "owner": {"login": "breathesafe", "id": 1234567, "type": "Organization"},
                    "html_url": "https://github.com/breathesafe/mask-recommender",
                    "default_branch": "main"
                  },
                  "organization": {"login": "breathesafe", "id": 1234567},
                  "sender": {"login": "mara-fit", "id": 4711, "type": "User", "site_admin": false}
                }
                """.formatted(action, workflowName, headBranch,
                conclusion == null ? "null" : "\"" + conclusion + "\"", workflowName);
    }

    static String workflowRun(String action, String headBranch, String conclusion) {
        return workflowRun(action, headBranch, conclusion, "Build inference");
    }

    /** The {@code ping} GitHub sends when the webhook is created. */
    static final String PING = """
            {"zen":"Design for failure.","hook_id":501234567,"hook":{"type":"Repository","id":501234567,"name":"web","active":true,"events":["workflow_run"],"config":{"content_type":"json","insecure_ssl":"0","url":"https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/"},"updated_at":"2026-11-27T16:40:02Z","created_at":"2026-11-27T16:40:02Z","url":"https://api.github.com/repos/breathesafe/mask-recommender/hooks/501234567","test_url":"https://api.github.com/repos/breathesafe/mask-recommender/hooks/501234567/test","ping_url":"https://api.github.com/repos/breathesafe/mask-recommender/hooks/501234567/pings","deliveries_url":"https://api.github.com/repos/breathesafe/mask-recommender/hooks/501234567/deliveries","last_response":{"code":null,"status":"unused","message":null}},"repository":{"id":654321098,"name":"mask-recommender","full_name":"breathesafe/mask-recommender","private":false},"sender":{"login":"mara-fit","id":4711,"type":"User"}}""";

    /**
     * A Lambda Function URL event (payload format 2.0: lower-case header names) carrying a GitHub delivery
     * with a base64 body; {@code signature} null leaves the signature header out.
     */
    static ObjectNode functionUrlEvent(String githubEvent, byte[] body, String signature) {
        String event = """
                {
                  "version": "2.0",
                  "routeKey": "$default",
                  "rawPath": "/",
                  "rawQueryString": "",
                  "headers": {
                    "content-length": "%d",
                    "x-amzn-tls-version": "TLSv1.3",
                    "x-forwarded-proto": "https",
                    "x-forwarded-port": "443",
                    "x-forwarded-for": "140.82.115.93",
                    "accept": "*/*",
                    "x-amzn-tls-cipher-suite": "TLS_AES_128_GCM_SHA256",
                    "x-amzn-trace-id": "Root=1-6747f0a3-0b1c2d3e4f5a6b7c8d9e0f1a",
                    "host": "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws",
                    "content-type": "application/json",
                    "x-github-event": "%s",
                    "x-github-delivery": "%s",
                    "x-github-hook-id": "501234567",
                    "x-github-hook-installation-target-id": "654321098",
                    "x-github-hook-installation-target-type": "repository",
                    "x-hub-signature": "sha1=0123456789abcdef0123456789abcdef01234567",
                    "user-agent": "GitHub-Hookshot/7a2b3c4"
                  },
                  "requestContext": {
                    "accountId": "anonymous",
                    "apiId": "abcdefghijklmnopqrstuvwxyz012345",
                    "domainName": "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws",
                    "domainPrefix": "abcdefghijklmnopqrstuvwxyz012345",
                    "http": {
                      "method": "POST",
                      "path": "/",
                      "protocol": "HTTP/1.1",
                      "sourceIp": "140.82.115.93",
                      "userAgent": "GitHub-Hookshot/7a2b3c4"
                    },
                    "requestId": "2d4c6f8a-1b3d-4e5f-8a7b-9c0d1e2f3a4b",
                    "routeKey": "$default",
                    "stage": "$default",
                    "time": "28/Nov/2026:05:09:48 +0000",
                    "timeEpoch": 1795756188000
                  },
                  "body": "%s",
                  "isBase64Encoded": true
                }
                """.formatted(body.length, githubEvent, DELIVERY_ID, Base64.getEncoder().encodeToString(body));
        ObjectNode node = (ObjectNode) read(event);
        if (signature != null) {
            ((ObjectNode) node.get("headers")).put("x-hub-signature-256", signature);
        }
        return node;
    }

    /**
     * An API Gateway REST API (payload format 1.0) event: mixed-case header names as GitHub sent them, both
     * {@code headers} and {@code multiValueHeaders}, a plain-text body.
     */
    static ObjectNode apiGatewayRestEvent(String githubEvent, String body, String signature) {
        String event = """
                {
                  "resource": "/github",
                  "path": "/github",
                  "httpMethod": "POST",
                  "headers": {
                    "Accept": "*/*",
                    "content-type": "application/json",
                    "Host": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
                    "User-Agent": "GitHub-Hookshot/7a2b3c4",
                    "X-Amzn-Trace-Id": "Root=1-6747f0a3-5e6f7a8b9c0d1e2f3a4b5c6d",
                    "X-Forwarded-For": "140.82.115.93",
                    "X-Forwarded-Port": "443",
                    "X-Forwarded-Proto": "https",
                    "X-GitHub-Delivery": "%1$s",
                    "X-GitHub-Event": "%2$s",
                    "X-GitHub-Hook-ID": "501234567",
                    "X-GitHub-Hook-Installation-Target-ID": "654321098",
                    "X-GitHub-Hook-Installation-Target-Type": "repository"
                  },
                  "multiValueHeaders": {
                    "Accept": ["*/*"],
                    "content-type": ["application/json"],
                    "X-GitHub-Delivery": ["%1$s"],
                    "X-GitHub-Event": ["%2$s"]
                  },
                  "queryStringParameters": null,
                  "multiValueQueryStringParameters": null,
                  "pathParameters": null,
                  "stageVariables": null,
                  "requestContext": {
                    "resourceId": "x1y2z3",
                    "resourcePath": "/github",
                    "httpMethod": "POST",
                    "extendedRequestId": "BxYzAHq5joEFa0w=",
                    "requestTime": "28/Nov/2026:05:09:48 +0000",
                    "path": "/prod/github",
                    "accountId": "123456789012",
                    "protocol": "HTTP/1.1",
                    "stage": "prod",
                    "domainPrefix": "a1b2c3d4e5",
                    "requestTimeEpoch": 1795756188000,
                    "requestId": "7c1e9a52-8f3b-4d6e-a1c2-b3d4e5f6a7b8",
                    "identity": {"sourceIp": "140.82.115.93", "userAgent": "GitHub-Hookshot/7a2b3c4"},
                    "domainName": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
                    "apiId": "a1b2c3d4e5"
                  },
                  "body": null,
                  "isBase64Encoded": false
                }
                """.formatted(DELIVERY_ID, githubEvent);
        ObjectNode node = (ObjectNode) read(event);
        node.put("body", body);
        if (signature != null) {
            ((ObjectNode) node.get("headers")).put("X-Hub-Signature-256", signature);
            ((ObjectNode) node.get("multiValueHeaders")).putArray("X-Hub-Signature-256").add(signature);
        }
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
