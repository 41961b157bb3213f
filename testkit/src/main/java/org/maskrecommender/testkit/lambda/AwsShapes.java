package org.maskrecommender.testkit.lambda;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON shapes of the Lambda API (2015-03-31) the emulator answers with, rendered from the state model. */
final class AwsShapes {

    static final ObjectMapper JSON = new ObjectMapper();

    private AwsShapes() {
    }

    /** FunctionConfiguration of {@code $LATEST}, with its current LastUpdateStatus. */
    static ObjectNode latestConfiguration(EmulatedFunction fn, String qualifierInArn) {
        ObjectNode node = configuration(fn, fn.content(), EmulatedFunction.LATEST, "", fn.revisionId(),
                fn.lastModified(), qualifierInArn);
        node.put("State", "Active");
        node.put("LastUpdateStatus", fn.updateInProgress() ? "InProgress" : "Successful");
        return node;
    }

    /**
     * FunctionConfiguration of a published version, which never has an update in progress; its State is Pending
     * while a SnapStart snapshot is taken, then Active (or Failed, with the reason).
     */
    static ObjectNode versionConfiguration(EmulatedFunction fn, EmulatedFunction.Version v, String qualifierInArn) {
        ObjectNode node = configuration(fn, v.content(), v.number(), v.description(), v.revisionId(),
                v.lastModified(), qualifierInArn);
        EmulatedFunction.VersionState state = fn.state(v.number());
        node.put("State", state == null ? EmulatedFunction.ACTIVE : state.state);
        if (state != null && state.reasonCode != null) {
            node.put("StateReason", state.reason);
            node.put("StateReasonCode", state.reasonCode);
        }
        node.put("LastUpdateStatus", "Successful");
        if (fn.settings.snapStart()) {
            ((ObjectNode) node.get("SnapStart")).put("OptimizationStatus", "On");
        }
        return node;
    }

    private static ObjectNode configuration(EmulatedFunction fn, EmulatedFunction.Content c, String version,
            String description, String revisionId, String lastModified, String qualifierInArn) {
        ObjectNode node = JSON.createObjectNode();
        node.put("FunctionName", fn.name);
        node.put("FunctionArn", fn.arn(qualifierInArn));
        // fixed settings (FunctionSettings): the emulated API cannot change them
        node.put("Runtime", fn.settings.runtime());
        node.put("Role", "arn:aws:iam::" + LambdaEmulator.ACCOUNT_ID + ":role/lambda-role");
        node.put("Handler", fn.settings.handler());
        node.put("CodeSize", c.codeSize());
        node.put("Description", description);
        node.put("Timeout", fn.settings.timeoutSeconds());
        node.put("MemorySize", 512);
        node.put("LastModified", lastModified);
        node.put("CodeSha256", c.codeSha256());
        node.put("Version", version);
        if (!c.environment().isEmpty()) {
            ObjectNode vars = node.putObject("Environment").putObject("Variables");
            c.environment().forEach(vars::put);
        }
        node.putObject("TracingConfig").put("Mode", "PassThrough");
        node.put("RevisionId", revisionId);
        node.put("PackageType", "Zip");
        node.putArray("Architectures").add("x86_64");
        node.putObject("EphemeralStorage").put("Size", 512);
        ObjectNode snapStart = node.putObject("SnapStart");
        snapStart.put("ApplyOn", fn.settings.snapStart() ? "PublishedVersions" : "None");
        snapStart.put("OptimizationStatus", "Off");
        ObjectNode logging = node.putObject("LoggingConfig");
        logging.put("LogFormat", "Text");
        logging.put("LogGroup", "/aws/lambda/" + fn.name);
        return node;
    }

    /** GetFunction's answer: the configuration, and where to download the code (like S3's pre-signed URL). */
    static ObjectNode function(ObjectNode configuration, String codeLocation) {
        ObjectNode out = JSON.createObjectNode();
        out.set("Configuration", configuration);
        ObjectNode code = out.putObject("Code");
        code.put("RepositoryType", "S3");
        code.put("Location", codeLocation);
        return out;
    }

    /** AliasConfiguration; RoutingConfig only when the alias splits traffic. */
    static ObjectNode alias(EmulatedFunction fn, EmulatedFunction.Alias a) {
        ObjectNode node = JSON.createObjectNode();
        node.put("AliasArn", fn.arn(a.name()));
        node.put("Name", a.name());
        node.put("FunctionVersion", a.functionVersion());
        node.put("Description", a.description());
        if (!a.weights().isEmpty()) {
            ObjectNode weights = node.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
            a.weights().forEach(weights::put);
        }
        node.put("RevisionId", a.revisionId());
        return node;
    }

    /** An error body: {@code {"Type": "User"|"Service", "message": …}} and any extra fields. */
    static ObjectNode error(boolean service, String message, Map<String, String> extra) {
        ObjectNode body = JSON.createObjectNode();
        body.put("Type", service ? "Service" : "User");
        body.put("message", message);
        extra.forEach(body::put);
        return body;
    }

    /** What the Java runtime answers for an exception escaping the handler. */
    static byte[] unhandledError(Exception e) {
        ObjectNode error = JSON.createObjectNode();
        error.put("errorMessage", e.getMessage() == null ? e.toString() : e.getMessage());
        error.put("errorType", e.getClass().getName());
        ArrayNode trace = error.putArray("stackTrace");
        for (StackTraceElement element : e.getStackTrace()) {
            trace.add(element.toString());
        }
        return bytes(error);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
