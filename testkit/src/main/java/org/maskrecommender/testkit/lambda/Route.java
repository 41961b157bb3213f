package org.maskrecommender.testkit.lambda;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which operation a request is, on which function and qualifier, from its method and REST path (API version
 * 2015-03-31). Only the deployer's operations are known; anything else is {@value #UNKNOWN}.
 *
 * @param operation    e.g. {@code GetFunction}, or {@value #UNKNOWN}
 * @param functionName the plain function name (an ARN in the path is reduced to it), null when the path has none
 * @param qualifier    from {@code NAME:QUALIFIER} in the path or the {@code Qualifier} query parameter, or null
 * @param child        the alias name of GetAlias/UpdateAlias, else null
 */
record Route(String operation, String functionName, String qualifier, String child) {

    static final String UNKNOWN = "Unknown";
    private static final String FUNCTIONS = "/2015-03-31/functions";

    static Route of(ApiRequest request) {
        String path = request.path;
        String method = request.method;
        if (!path.startsWith(FUNCTIONS) || path.length() > FUNCTIONS.length() && path.charAt(FUNCTIONS.length()) != '/') {
            return new Route(UNKNOWN, null, null, null);
        }
        String rest = path.substring(FUNCTIONS.length());
        if (rest.isEmpty() || "/".equals(rest)) {
            return new Route(UNKNOWN, null, null, null);
        }
        List<String> segments = new ArrayList<>();
        for (String s : rest.substring(1).split("/", -1)) {
            segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        if (segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        String[] nameAndQualifier = parseFunctionName(segments.get(0));
        String qualifier = request.query("Qualifier");
        if (nameAndQualifier[1] != null) {
            if (qualifier != null && !qualifier.equals(nameAndQualifier[1])) {
                throw ApiError.invalidParameter(
                        "The derived qualifier from the function name does not match the specified qualifier.");
            }
            qualifier = nameAndQualifier[1];
        }
        String sub = segments.size() > 1 ? segments.get(1) : null;
        String child = segments.size() > 2 ? segments.get(2) : null;
        String op = UNKNOWN;
        if (segments.size() > 3) {
            op = UNKNOWN;
        } else if (sub == null) {
            op = "GET".equals(method) ? "GetFunction" : UNKNOWN;
        } else if (child == null) {
            op = switch (sub + " " + method) {
                case "configuration GET" -> "GetFunctionConfiguration";
                case "configuration PUT" -> "UpdateFunctionConfiguration";
                case "code PUT" -> "UpdateFunctionCode";
                case "versions POST" -> "PublishVersion";
                case "aliases POST" -> "CreateAlias";
                case "invocations POST" -> "Invoke";
                default -> UNKNOWN;
            };
        } else if ("aliases".equals(sub)) {
            op = switch (method) {
                case "GET" -> "GetAlias";
                case "PUT" -> "UpdateAlias";
                default -> UNKNOWN;
            };
        }
        return new Route(op, nameAndQualifier[0], qualifier, UNKNOWN.equals(op) ? null : child);
    }

    /** {@code NAME}, {@code NAME:QUAL}, {@code ACCOUNT:function:NAME[:QUAL]} or a full ARN → [name, qualifier]. */
    static String[] parseFunctionName(String raw) {
        String s = raw;
        int marker = s.indexOf(":function:");
        if (marker >= 0) {
            s = s.substring(marker + ":function:".length());
        }
        int colon = s.indexOf(':');
        if (colon >= 0) {
            return new String[] {s.substring(0, colon), s.substring(colon + 1)};
        }
        return new String[] {s, null};
    }
}
