package org.maskrecommender.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.maskrecommender.inference.InferenceRequest;
import org.maskrecommender.inference.InferenceService;
import org.maskrecommender.inference.ModelHolder;

/**
 * {@code recommend}: the inference function's answer on this machine, for one face, one request
 * file, or a JSON-lines batch (one response per line, in order; the model is loaded once).
 */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Rank masks by probability of passing a fit test, with the published model. Exit status: 0 "
                + "answered (with --requests: every line answered, errors included), 1 an error answer, 2 usage.")
public final class RecommendCommand implements Callable<Integer> {

    /** Short names accepted by --face, mapped to the request's fields. */
    private static final Map<String, String> FACE_KEYS = Map.of("nose", "nose_mm", "chin", "chin_mm",
            "top_cheek", "top_cheek_mm", "mid_cheek", "mid_cheek_mm", "strap", "strap_mm",
            "beard", "facial_hair_beard_length_mm");

    private final CliContext context;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--face", paramLabel = "nose=52,chin=98,top_cheek=110,mid_cheek=108,strap=250[,beard=0]",
                description = "Facial measurements in mm; beard defaults to 0 here (the API itself requires it).")
        String face;

        @Option(names = "--request", paramLabel = "FILE.json", description = "A whole request event.")
        Path request;

        @Option(names = "--requests", paramLabel = "FILE.jsonl",
                description = "One request event per line; prints one JSON response per line, in order, for every "
                        + "line (a blank or unreadable line gets an error response).")
        Path requests;
    }

    @Option(names = "--limit", paramLabel = "K", description = "Keep the top K (with --face).")
    Integer limit;

    @Option(names = "--json", description = "Print the response JSON instead of a table.")
    boolean json;

    @Option(names = "--default-response-format", paramLabel = "default|breathesafe", defaultValue = "default",
            description = "The format of a request without response_format, like "
                    + "the function's DEFAULT_RESPONSE_FORMAT (default: ${DEFAULT-VALUE}).")
    InferenceRequest.ResponseFormat defaultFormat;

    @Mixin
    ModelOptions model;

    public RecommendCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try (ModelHolder holder = context.modelHolder(model)) {
            InferenceService service = new InferenceService(holder, context.mapper(), defaultFormat);
            if (input.requests != null) {
                return batch(service, input.requests);
            }
            byte[] event = input.face != null ? faceEvent(input.face) : read(input.request);
            if (event == null) {
                return 2;
            }
            InferenceService.Answer answer = service.handle(event, "cli");
            JsonNode response = answer.response();
            if (!"ok".equals(answer.log().outcome())) { // an error, plain or wrapped in an HTTP answer (status 400, 503…)
                if (json) {
                    context.out().println(response);
                } else {
                    JsonNode error = errorOf(response);
                    context.err().println("error [" + error.path("code").asText(answer.log().outcome()) + "]: "
                            + error.path("message").asText());
                }
                reason(answer);
                return 1;
            }
            if (json) {
                context.out().println(context.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(response));
            } else {
                printTable(response);
            }
            return 0;
        }
    }

    /** The error object of an error answer, from inside an HTTP answer's body when it is one. */
    private JsonNode errorOf(JsonNode response) {
        if (response.has("error") || !response.path("body").isTextual()) {
            return response.path("error");
        }
        try {
            return context.mapper().readTree(response.path("body").textValue()).path("error");
        } catch (IOException e) {
            return response.path("error");
        }
    }

    /** On this machine the caller is the operator: the reason the answer leaves to the log goes to stderr. */
    private void reason(InferenceService.Answer answer) {
        if (answer.log().detail() != null) {
            context.err().println("  reason: " + answer.log().detail());
        }
    }

    /**
     * One answer per line of the file, in order, one line each, whatever the line holds (a blank line, bytes that
     * are not UTF-8, a line of megabytes): the output lines up with the input. Lines end at LF; a CR before it is
     * dropped. The exit status is 0 once every line is answered; the summary counts the answers and the errors
     * among them, plain or wrapped in an HTTP answer.
     */
    private int batch(InferenceService service, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            context.err().println("error: no such file " + file);
            return 2;
        }
        int failed = 0;
        int n = 0;
        boolean reasonShown = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean more = true;
            while (more) {
                line.reset();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                more = b != -1;
                if (!more && line.size() == 0) {
                    break; // the file ends with a line break (or is empty): no line after it
                }
                byte[] bytes = line.toByteArray();
                if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                    bytes = Arrays.copyOf(bytes, bytes.length - 1);
                }
                n++;
                InferenceService.Answer answer = service.handle(bytes, "cli-" + n);
                if (!"ok".equals(answer.log().outcome())) {
                    failed++;
                    if (!reasonShown && answer.log().detail() != null) {
                        reason(answer);
                        reasonShown = true;
                    }
                }
                context.out().println(answer.response());
            }
        }
        context.out().flush();
        context.err().printf("answered %d requests (%d errors)%n", n, failed);
        return 0;
    }

    private byte[] faceEvent(String face) throws IOException {
        ObjectNode event = context.mapper().createObjectNode();
        ObjectNode measurements = event.putObject("facial_measurements");
        Map<String, String> given = new TreeMap<>();
        for (String part : face.split(",")) {
            String[] kv = part.split("=", 2);
            String key = FACE_KEYS.get(kv[0].strip().toLowerCase(Locale.ROOT));
            if (kv.length != 2 || key == null) {
                context.err().println("error: --face takes name=mm pairs with names " + FACE_KEYS.keySet()
                        + "; got \"" + part + "\"");
                return null;
            }
            given.put(key, kv[1].strip());
        }
        given.putIfAbsent("facial_hair_beard_length_mm", "0");
        for (Map.Entry<String, String> e : given.entrySet()) {
            try {
                measurements.put(e.getKey(), Double.parseDouble(e.getValue()));
            } catch (NumberFormatException ex) {
                measurements.put(e.getKey(), e.getValue()); // the service names the field and the rule
            }
        }
        if (limit != null) {
            event.put("limit", limit);
        }
        return context.mapper().writeValueAsBytes(event);
    }

    private byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            context.err().println("error: no such file " + file);
            return null;
        }
    }

    /** Fit tests of the mask's family the model was trained on; "-" when the model did not record them. */
    private static String support(JsonNode r) {
        String n = r.path("support").isNumber() ? r.path("support").asText() : "-";
        return r.has("family_seen") && !r.path("family_seen").asBoolean() ? n + "*" : n;
    }

    private void printTable(JsonNode response) {
        var out = context.out();
        JsonNode model = response.path("model");
        if (!response.has("recommendations") && !response.has("status")) { // e.g. the legacy shape
            out.println(response);
            return;
        }
        if (response.has("status")) { // warmup
            out.printf("Model %s (%s) is loaded; it scores %d masks%n", model.path("version").asText(),
                    model.path("environment").asText(), response.path("masks").asInt());
            return;
        }
        JsonNode recs = response.path("recommendations");
        int width = 4;
        boolean unseen = false;
        for (JsonNode r : recs) {
            width = Math.max(width, r.path("unique_internal_model_code").asText().length());
            unseen |= r.has("family_seen") && !r.path("family_seen").asBoolean();
        }
        String format = "%4s  %-" + width + "s  %-9s  %-18s  %11s  %8s  %-17s  %8s%n";
        out.printf(format, "rank", "mask", "style", "strap", "probability", "diff mm", "size", "support");
        for (JsonNode r : recs) {
            out.printf(format, r.path("rank").asText(), r.path("unique_internal_model_code").asText(),
                    r.path("style").asText("-"), r.path("strap_type").asText("-"),
                    String.format(Locale.ROOT, "%.3f", r.path("proba_fit").asDouble()),
                    r.path("perimeter_diff_mm").isNumber()
                            ? String.format(Locale.ROOT, "%+.1f", r.path("perimeter_diff_mm").asDouble()) : "-",
                    r.path("size_fit").path("verdict").asText("-"), support(r));
        }
        if (unseen) {
            out.println("* fit family not in the training data: scored on size, style and strap alone");
        }
        if (!response.path("unknown_mask_ids").isEmpty()) {
            out.println("unknown mask ids: " + response.path("unknown_mask_ids"));
        }
        if (!response.path("unscored_mask_ids").isEmpty()) {
            out.println("in the catalogue but not scorable (no perimeter): " + response.path("unscored_mask_ids"));
        }
        out.printf("model %s (%s), held-out ROC AUC %.3f%n", model.path("version").asText(),
                model.path("environment").asText(), model.path("metrics").path("roc_auc").asDouble());
    }
}
