package org.maskrecommender.inference;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The inference function's whole contract, free of any Lambda runtime concern: raw event bytes in,
 * response out. Accepts a plain JSON event or an API Gateway / Function URL event (JSON in
 * {@code body}, possibly base64); over HTTP, errors carry status 400 / 503 and the response is wrapped
 * as {@code {"statusCode", "headers", "body"}}.
 */
public final class InferenceService {

    /** The largest event accepted (1 MiB); a larger one is refused as {@code invalid_request}. */
    public static final int MAX_EVENT_BYTES = RequestJson.MAX_BYTES;

    private final ModelHolder model;
    private final RequestParser parser;
    private final ObjectMapper mapper;

    /** Answers requests without {@code response_format} in the documented format. */
    public InferenceService(ModelHolder model, ObjectMapper mapper) {
        this(model, mapper, InferenceRequest.ResponseFormat.DEFAULT);
    }

    /**
     * @param defaultFormat the format of a request without {@code response_format}: {@code breathesafe} for a
     *                      deployment that serves the Breathesafe app's client, which never asks for one
     */
    public InferenceService(ModelHolder model, ObjectMapper mapper, InferenceRequest.ResponseFormat defaultFormat) {
        this.model = model;
        this.mapper = mapper;
        this.parser = new RequestParser(defaultFormat);
    }

    /**
     * One response and its log line.
     *
     * @param response the JSON to return to the caller
     * @param log      what to log; for {@code model_unavailable} its {@code detail} holds the reason, which the
     *                 response does not
     * @param failure  an unexpected exception behind an internal_error, for the caller's log; else null
     */
    public record Answer(JsonNode response, InvocationLog log, RuntimeException failure) {
    }

    public Answer handle(byte[] event, String requestId) {
        long start = System.nanoTime();
        Context ctx = new Context(requestId, start);
        JsonNode root;
        try {
            root = RequestJson.read(event, "the request");
        } catch (InvalidRequestException e) {
            return ctx.error(false, 400, "invalid_request", e.getMessage());
        }
        boolean http = isHttpEvent(root);
        try {
            JsonNode requestNode = http ? httpBody(root) : root;
            InferenceRequest request = parser.parse(requestNode);
            ctx.compatibility = request.compatibility();
            ctx.method = request.method().name().toLowerCase(java.util.Locale.ROOT);
            LoadedModel loaded = model.get();
            ctx.modelVersion = loaded.manifest().version();
            ObjectNode body = request.method() == InferenceRequest.Method.WARMUP
                    ? warmup(loaded)
                    : infer(loaded, request, ctx);
            return ctx.ok(http, body, request.format());
        } catch (InvalidRequestException e) {
            return ctx.error(http, 400, "invalid_request", e.getMessage());
        } catch (ModelUnavailableException e) {
            // Where the store is, which key and which hash failed: for the operator's log, not for every caller.
            ctx.detail = e.getMessage();
            return ctx.error(http, 503, "model_unavailable", "the model cannot be loaded right now; the function's "
                    + "log has the reason under request id " + requestId);
        } catch (RuntimeException e) {
            Answer failed = ctx.error(http, 500, "internal_error",
                    "internal error; the function's log has the details under request id " + requestId);
            return new Answer(failed.response(), failed.log(), e);
        }
    }

    private ObjectNode warmup(LoadedModel loaded) {
        ObjectNode body = mapper.createObjectNode();
        body.put("status", "warm");
        body.put("masks", loaded.masks().size());
        body.set("model", mapper.valueToTree(loaded.info()));
        return body;
    }

    private ObjectNode infer(LoadedModel loaded, InferenceRequest request, Context ctx) {
        Ranking ranking = Ranking.of(loaded, request);
        ctx.masksScored = ranking.scored();
        ObjectNode body = mapper.createObjectNode();
        if (request.format() == InferenceRequest.ResponseFormat.BREATHESAFE) {
            // Legacy shape: parallel objects keyed by rank position ("0" = best), as pandas' to_dict wrote them.
            ObjectNode ids = body.putObject("mask_id");
            ObjectNode probabilities = body.putObject("proba_fit");
            List<Recommendation> recs = ranking.recommendations();
            for (int i = 0; i < recs.size(); i++) {
                ids.put(Integer.toString(i), recs.get(i).maskId());
                probabilities.put(Integer.toString(i), recs.get(i).probaFit());
            }
        } else {
            body.set("recommendations", mapper.valueToTree(ranking.recommendations()));
            body.set("unknown_mask_ids", mapper.valueToTree(ranking.unknownMaskIds()));
            body.set("unscored_mask_ids", mapper.valueToTree(ranking.unscoredMaskIds()));
        }
        body.set("model", mapper.valueToTree(loaded.info()));
        return body;
    }

    /** API Gateway (REST and HTTP APIs) and Function URL events carry the request as a string body. */
    private static boolean isHttpEvent(JsonNode root) {
        // A GET or an empty POST has no body but is still HTTP, and must get a 400, not a 200.
        return root.isObject()
                && (root.has("requestContext") || root.has("httpMethod") || root.has("routeKey")
                    || (root.has("body") && root.has("headers")));
    }

    private static JsonNode httpBody(JsonNode root) {
        JsonNode base64 = root.get("isBase64Encoded");
        if (base64 != null && !base64.isNull() && !base64.isBoolean()) {
            throw new InvalidRequestException("isBase64Encoded must be true or false (a JSON boolean), got "
                    + Quote.value(base64));
        }
        JsonNode body = root.get("body");
        if (body == null || body.isNull() || (body.isTextual() && body.textValue().isBlank())) {
            throw new InvalidRequestException("the HTTP request has no body; POST the request JSON");
        }
        if (!body.isTextual()) {
            throw new InvalidRequestException("body must be a string holding the request JSON, as API Gateway and "
                    + "Function URLs send it, got " + Quote.value(body));
        }
        if (base64 != null && base64.booleanValue()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(body.textValue().strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("the HTTP body is marked base64 (isBase64Encoded) but is not valid "
                        + "base64");
            }
            return RequestJson.read(bytes, "the HTTP body");
        }
        return RequestJson.read(body.textValue(), "the HTTP body");
    }

    /** Per-invocation bookkeeping for the response and the log line. */
    private final class Context {
        private final String requestId;
        private final long start;
        private String method;
        private String modelVersion;
        private int masksScored;
        private String detail;
        private InferenceRequest.Compatibility compatibility = InferenceRequest.Compatibility.NONE;

        Context(String requestId, long start) {
            this.requestId = requestId;
            this.start = start;
        }

        Answer ok(boolean http, ObjectNode body, InferenceRequest.ResponseFormat format) {
            JsonNode response;
            if (format == InferenceRequest.ResponseFormat.BREATHESAFE) {
                ObjectNode legacy = mapper.createObjectNode();
                legacy.put("statusCode", 200);
                legacy.put("body", body.toString());
                response = legacy;
            } else {
                response = http ? wrap(200, body) : body;
            }
            return new Answer(response, log("ok", http), null);
        }

        Answer error(boolean http, int status, String code, String message) {
            ObjectNode body = mapper.createObjectNode();
            ObjectNode error = body.putObject("error");
            error.put("code", code);
            error.put("message", message);
            return new Answer(http ? wrap(status, body) : body, log(code, http), null);
        }

        private JsonNode wrap(int status, ObjectNode body) {
            Map<String, Object> http = new LinkedHashMap<>();
            http.put("statusCode", status);
            http.put("headers", Map.of("Content-Type", "application/json"));
            http.put("body", body.toString());
            return mapper.valueToTree(http);
        }

        private InvocationLog log(String outcome, boolean http) {
            return new InvocationLog(requestId, method, modelVersion, masksScored,
                    Math.round((System.nanoTime() - start) / 1e4) / 100.0, outcome, http, detail,
                    compatibility.modelType(), compatibility.applyEmpiricalCap(),
                    compatibility.beardLengthDefaulted() ? Boolean.TRUE : null);
        }
    }
}
