package org.maskrecommender.core.metrics;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.environment.Environment;

/**
 * Writes CloudWatch Embedded Metric Format records: one JSON object per line, which CloudWatch Logs turns into
 * metrics when a Lambda function's log holds it. Every record is in namespace {@value #NAMESPACE} with the one
 * dimension set {@value #ENVIRONMENT_DIMENSION} (plus any dimension a record adds), so each metric exists once per
 * environment. Properties are kept in the log line for searching (e.g. a model version) but are no metric
 * dimension, so they cost nothing in CloudWatch.
 *
 * <p>Written with a plain Jackson tree rather than the EMF libraries (aws-embedded-metrics, Powertools): no
 * reflection for a native image, no extra jars, and no process-wide state (see docs/operations.md#metrics).
 */
public final class EmfWriter {

    /** The CloudWatch namespace of all the project's metrics. */
    public static final String NAMESPACE = "MaskRecommender";
    /** The dimension every record has: the environment's id ({@code staging}, {@code production}). */
    public static final String ENVIRONMENT_DIMENSION = "Environment";
    /**
     * The logger {@link #toLog()} writes to. The functions route it to a console handler that prints the message
     * alone, so each record is a log line that is exactly one JSON object, as CloudWatch needs.
     */
    public static final String LOGGER = "mask-recommender.metrics";

    private final Consumer<String> sink;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param sink  receives each record as one line of JSON (no line break)
     * @param clock the records' {@code Timestamp}
     */
    public EmfWriter(Consumer<String> sink, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A writer to the {@value #LOGGER} logger at INFO level, timestamped by the UTC wall clock. */
    public static EmfWriter toLog() {
        System.Logger log = System.getLogger(LOGGER);
        return new EmfWriter(line -> log.log(System.Logger.Level.INFO, line), Clock.systemUTC());
    }

    /** A new record for that environment; nothing is written until {@link Record#emit()}. */
    public Record record(Environment environment) {
        return new Record(Objects.requireNonNull(environment, "environment"));
    }

    /** One EMF record being built: its dimensions, metrics and properties, in the order added. */
    public final class Record {

        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final Map<String, Unit> units = new LinkedHashMap<>();
        private final Map<String, Double> values = new LinkedHashMap<>();
        private final Map<String, Object> properties = new LinkedHashMap<>();

        private Record(Environment environment) {
            dimensions.put(ENVIRONMENT_DIMENSION, environment.id());
        }

        /** Adds a dimension to the record's one dimension set (each value is a separate metric in CloudWatch). */
        public Record dimension(String name, String value) {
            claim(name);
            dimensions.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds a metric. A value that is not finite (NaN: e.g. a ROC AUC with one class) is left out, since JSON and
         * CloudWatch have no such number.
         */
        public Record metric(String name, Unit unit, double value) {
            claim(name);
            if (Double.isFinite(value)) {
                units.put(name, Objects.requireNonNull(unit, "unit"));
                values.put(name, value);
            }
            return this;
        }

        /** {@link #metric} with unit Count. */
        public Record count(String name, double value) {
            return metric(name, Unit.COUNT, value);
        }

        /** A property: in the log line, searchable, not a dimension. A null value is left out. */
        public Record property(String name, String value) {
            claim(name);
            if (value != null) {
                properties.put(name, value);
            }
            return this;
        }

        /** A numeric property: in the log line, not a metric. */
        public Record property(String name, long value) {
            claim(name);
            properties.put(name, value);
            return this;
        }

        /** Writes the record as one line. */
        public void emit() {
            sink.accept(json());
        }

        /** The record as one line of JSON. */
        public String json() {
            ObjectNode root = mapper.createObjectNode();
            ObjectNode aws = root.putObject("_aws");
            aws.put("Timestamp", clock.millis());
            ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
            directive.put("Namespace", NAMESPACE);
            ArrayNode set = directive.putArray("Dimensions").addArray();
            dimensions.keySet().forEach(set::add);
            ArrayNode metrics = directive.putArray("Metrics");
            units.forEach((name, unit) -> metrics.addObject().put("Name", name).put("Unit", unit.cloudWatch()));
            dimensions.forEach(root::put);
            values.forEach((name, value) -> {
                // whole numbers (counts) as integers: the same value to CloudWatch, easier to read in the log
                if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                    root.put(name, value.longValue());
                } else {
                    root.put(name, value);
                }
            });
            properties.forEach((name, value) -> {
                if (value instanceof Long l) {
                    root.put(name, l);
                } else {
                    root.put(name, (String) value);
                }
            });
            return root.toString();
        }

        /** CloudWatch reads dimensions, metrics and properties from the same top-level keys: one name, one use. */
        private void claim(String name) {
            if (name == null || name.isBlank() || name.equals("_aws")) {
                throw new IllegalArgumentException("not a usable EMF member name: " + name);
            }
            if (dimensions.containsKey(name) || units.containsKey(name) || properties.containsKey(name)) {
                throw new IllegalArgumentException(name + " is already in this record");
            }
        }
    }
}
