package org.maskrecommender.testkit.lambda;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GetFunction, GetFunctionConfiguration, UpdateFunctionCode, UpdateFunctionConfiguration and PublishVersion, with
 * Lambda's rules: polls of {@code $LATEST} move an update from InProgress to Successful, one update at a time (409),
 * RevisionId and CodeSha256 preconditions, the environment's limits; plus the download of the code location that
 * GetFunction hands out.
 */
final class FunctionOperations {

    static final String CODE_PATH = "/_emulator/code/";

    private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z]\\w+");
    private static final Set<String> RESERVED_ENV_KEYS = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION",
            "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    private final EmulatorState state;
    private final URI endpoint;

    FunctionOperations(EmulatorState state, URI endpoint) {
        this.state = state;
        this.endpoint = endpoint;
    }

    /** GetFunction ({@code withCode}) or GetFunctionConfiguration of $LATEST, a version or an alias's version. */
    ApiResponse getFunction(Route route, boolean withCode) {
        synchronized (state) {
            EmulatedFunction fn = state.existing(route.functionName());
            String q = route.qualifier();
            ObjectNode config;
            String codeVersion;
            EmulatedFunction.Alias alias = q == null ? null : fn.aliases.get(q);
            if (q == null || EmulatedFunction.LATEST.equals(q)) {
                fn.poll();
                config = AwsShapes.latestConfiguration(fn, q);
                codeVersion = EmulatedFunction.LATEST;
            } else if (alias != null && EmulatedFunction.LATEST.equals(alias.functionVersion())) {
                config = AwsShapes.latestConfiguration(fn, q);
                codeVersion = EmulatedFunction.LATEST;
            } else {
                EmulatedFunction.Version v = fn.version(alias != null ? alias.functionVersion() : q);
                if (v == null) {
                    throw ApiError.functionNotFound(fn, q);
                }
                fn.pollVersion(v.number());
                config = AwsShapes.versionConfiguration(fn, v, q);
                codeVersion = v.number();
            }
            if (!withCode) {
                return ApiResponse.json(200, config);
            }
            return ApiResponse.json(200, AwsShapes.function(config, endpoint + CODE_PATH + fn.name + "/" + codeVersion));
        }
    }

    /** UpdateFunctionCode with ZipFile, or S3Bucket/S3Key[/S3ObjectVersion] read through the {@link CodeFetcher}. */
    ApiResponse updateFunctionCode(Route route, JsonNode body) {
        synchronized (state) {
            EmulatedFunction fn = state.existing(route.functionName());
            checkUpdatable(fn, body);
            boolean hasZip = body.hasNonNull("ZipFile");
            boolean hasS3 = body.hasNonNull("S3Bucket") || body.hasNonNull("S3Key") || body.hasNonNull("S3ObjectVersion");
            if (hasZip == hasS3) {
                throw ApiError.invalidParameter(hasZip
                        ? "Please do not provide other FunctionCode parameters when providing a ZipFile."
                        : "Please provide a source for function code.");
            }
            byte[] zip;
            if (hasZip) {
                try {
                    zip = body.get("ZipFile").binaryValue();
                } catch (IOException e) {
                    throw ApiError.invalidParameter("ZipFile is not base64: " + e);
                }
                if (zip.length > state.directUploadLimit) {
                    // Lambda measures the request (the zip in base64); this is the figure it names for 50 MB.
                    throw new ApiError(413, "RequestEntityTooLargeException", "Request must be smaller than "
                            + (state.directUploadLimit * 4 + 2) / 3 + " bytes for the UpdateFunctionCode operation");
                }
            } else {
                if (!body.hasNonNull("S3Bucket") || !body.hasNonNull("S3Key")) {
                    throw ApiError.invalidParameter("Please provide both S3Bucket and S3Key for function code.");
                }
                zip = fetchCode(body.get("S3Bucket").asText(), body.get("S3Key").asText(),
                        ApiRequest.text(body, "S3ObjectVersion"));
            }
            try {
                PackageKind.of(zip);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalidParameter(
                        "Could not unzip uploaded file. Please check your file, then try to upload again.");
            }
            fn.updateCode(zip);
            return ApiResponse.json(200, AwsShapes.latestConfiguration(fn, null));
        }
    }

    private byte[] fetchCode(String bucket, String key, String objectVersion) {
        if (state.codeFetcher == null) {
            throw s3Error("NoSuchBucket", "LambdaEmulator has no CodeFetcher: call setCodeFetcher(...)");
        }
        byte[] zip;
        try {
            zip = state.codeFetcher.fetch(bucket, key, objectVersion);
        } catch (CodeFetcher.FetchException e) {
            throw s3Error(e.s3ErrorCode(), e.getMessage());
        } catch (Exception e) {
            throw s3Error("NoSuchKey", "The specified key does not exist. (" + e + ")");
        }
        if (zip == null) {
            throw s3Error("NoSuchKey", "The specified key does not exist.");
        }
        return zip;
    }

    private static ApiError s3Error(String code, String message) {
        return ApiError.invalidParameter(
                "Error occurred while GetObject. S3 Error Code: " + code + ". S3 Error Message: " + message);
    }

    /** UpdateFunctionConfiguration: {@code Environment.Variables} replaces the whole map. */
    ApiResponse updateFunctionConfiguration(Route route, JsonNode body) {
        synchronized (state) {
            EmulatedFunction fn = state.existing(route.functionName());
            checkUpdatable(fn, body);
            Map<String, String> env = new TreeMap<>(fn.content().environment());
            if (body.has("Environment")) {
                env.clear();
                for (Map.Entry<String, JsonNode> e : body.path("Environment").path("Variables").properties()) {
                    env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
                }
                checkEnvironment(env);
            }
            fn.updateEnvironment(env);
            return ApiResponse.json(200, AwsShapes.latestConfiguration(fn, null));
        }
    }

    private static void checkEnvironment(Map<String, String> env) {
        String unable = "Lambda was unable to configure your environment variables because the environment variables "
                + "you have provided ";
        List<String> reserved = env.keySet().stream().filter(RESERVED_ENV_KEYS::contains).sorted().toList();
        if (!reserved.isEmpty()) {
            throw ApiError.invalidParameter(unable + "contains reserved keys that are currently not supported for "
                    + "modification. Reserved keys used in this request: " + String.join(", ", reserved));
        }
        for (String key : env.keySet()) {
            if (!ENV_KEY.matcher(key).matches()) {
                throw ApiError.invalidParameter(unable + "contains invalid keys. Invalid key: " + key);
            }
        }
        int size = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > 4096) {
            throw ApiError.invalidParameter(unable + "exceeded the 4KB limit. String measured: " + size);
        }
    }

    /** Injected failures, the RevisionId precondition, and the one-update-at-a-time rule. */
    private static void checkUpdatable(EmulatedFunction fn, JsonNode body) {
        if (fn.failNextUpdates > 0) {
            fn.failNextUpdates--;
            throw updateInProgress(fn);
        }
        checkRevision(body, fn.revisionId());
        if (fn.updateInProgress()) {
            throw updateInProgress(fn);
        }
    }

    private static ApiError updateInProgress(EmulatedFunction fn) {
        return new ApiError(409, "ResourceConflictException",
                "The operation cannot be performed at this time. An update is in progress for resource: "
                        + fn.arn(null));
    }

    /** A RevisionId in the body that is not the current one: 412 PreconditionFailedException. */
    static void checkRevision(JsonNode body, String current) {
        String wanted = ApiRequest.text(body, "RevisionId");
        if (wanted != null && !wanted.equals(current)) {
            throw new ApiError(412, "PreconditionFailedException", "The Revision Id provided does not match the "
                    + "latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    /**
     * PublishVersion: a CodeSha256 that is not $LATEST's is 400 (what the live service answers), a stale RevisionId
     * 412, an update in progress 409; an unchanged $LATEST returns the last version instead of a new one.
     */
    ApiResponse publishVersion(Route route, JsonNode body) {
        synchronized (state) {
            EmulatedFunction fn = state.existing(route.functionName());
            String sha = ApiRequest.text(body, "CodeSha256");
            String latestSha = fn.content().codeSha256();
            if (sha != null && !sha.equals(latestSha)) {
                throw ApiError.invalidParameter("CodeSHA256 (" + sha + ") is different from current CodeSHA256 in "
                        + "$LATEST (" + latestSha + "). Please try again with the CodeSHA256 in $LATEST.");
            }
            checkRevision(body, fn.revisionId());
            if (fn.updateInProgress()) {
                throw updateInProgress(fn);
            }
            EmulatedFunction.Version v = fn.publish(ApiRequest.text(body, "Description"));
            return ApiResponse.json(201, AwsShapes.versionConfiguration(fn, v, v.number()));
        }
    }

    /** GET of a code location from GetFunction: {@code FUNCTION/VERSION} after {@link #CODE_PATH}. */
    ApiResponse codePackage(String rest) {
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return ApiResponse.empty(404);
        }
        String version = URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        synchronized (state) {
            EmulatedFunction fn = state.functions.get(rest.substring(0, slash));
            if (fn == null) {
                return ApiResponse.empty(404);
            }
            EmulatedFunction.Version v = fn.version(version);
            String sha = EmulatedFunction.LATEST.equals(version) ? fn.content().codeSha256()
                    : v == null ? null : v.content().codeSha256();
            if (sha == null) {
                return ApiResponse.empty(404);
            }
            return new ApiResponse(200, Map.of("Content-Type", "application/zip"), fn.code(sha));
        }
    }
}
