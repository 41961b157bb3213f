package org.maskrecommender.testkit.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One CloudWatch Embedded Metric Format record, parsed and checked the way CloudWatch Logs reads it: a JSON object
 * with an {@code _aws} block holding an integral {@code Timestamp} (ms since the epoch) and one
 * {@code CloudWatchMetrics} directive (namespace, dimension sets, metrics with name and a CloudWatch unit), and at
 * the top level a string for every dimension and a number for every metric. Anything else fails the test.
 *
 * @param timestamp  {@code _aws.Timestamp} (ms since the epoch)
 * @param namespace  the directive's namespace
 * @param dimensions the directive's dimension sets, each a list of names
 * @param units      unit per metric name, in the directive's order
 * @param root       the whole record, for its values and properties
 */
public record EmfRecord(long timestamp, String namespace, List<List<String>> dimensions, Map<String, String> units,
                        JsonNode root) {

    /** CloudWatch's units (MetricDatum.Unit). */
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @throws AssertionError saying what is not EMF */
    public static EmfRecord parse(String line) {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
        check(root != null && root.isObject(), "not a JSON object", line);
        JsonNode aws = root.path("_aws");
        check(aws.isObject(), "no _aws object", line);
        check(aws.path("Timestamp").isIntegralNumber(), "_aws.Timestamp is not an integer", line);
        JsonNode directives = aws.path("CloudWatchMetrics");
        check(directives.isArray() && directives.size() == 1, "_aws.CloudWatchMetrics is not one directive", line);
        JsonNode directive = directives.get(0);
        check(directive.path("Namespace").isTextual(), "no Namespace", line);
        check(directive.path("Dimensions").isArray(), "no Dimensions array", line);
        List<List<String>> dimensions = new ArrayList<>();
        for (JsonNode set : directive.path("Dimensions")) {
            check(set.isArray(), "a dimension set is not an array", line);
            List<String> names = new ArrayList<>();
            for (JsonNode name : set) {
                check(name.isTextual() && root.path(name.asText()).isTextual(),
                        "dimension " + name + " has no string value at the top level", line);
                names.add(name.asText());
            }
            dimensions.add(List.copyOf(names));
        }
        check(directive.path("Metrics").isArray() && directive.path("Metrics").size() > 0, "no Metrics", line);
        Map<String, String> units = new LinkedHashMap<>();
        for (JsonNode metric : directive.path("Metrics")) {
            String name = metric.path("Name").asText("");
            check(!name.isEmpty(), "a metric has no Name", line);
            check(UNITS.contains(metric.path("Unit").asText()), "metric " + name + " has no CloudWatch unit", line);
            check(root.path(name).isNumber(), "metric " + name + " has no number at the top level", line);
            check(units.put(name, metric.path("Unit").asText()) == null, "metric " + name + " twice", line);
        }
        return new EmfRecord(aws.path("Timestamp").asLong(), directive.path("Namespace").asText(),
                List.copyOf(dimensions), units, root);
    }

    /** The metric's value. */
    public double value(String metric) {
        check(units.containsKey(metric), "no metric " + metric + " (has " + units.keySet() + ")", root.toString());
        return root.path(metric).asDouble();
    }

    /** The top-level member (a dimension's value, a property). */
    public JsonNode member(String name) {
        return root.path(name);
    }

    private static void check(boolean ok, String what, String line) {
        if (!ok) {
            throw new AssertionError("not an EMF record (" + what + "): " + line);
        }
    }
}
