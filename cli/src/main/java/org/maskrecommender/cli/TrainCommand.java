package org.maskrecommender.cli;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.training.TrainingException;
import org.maskrecommender.training.TrainingRequest;
import org.maskrecommender.training.TrainingResult;
import org.maskrecommender.training.TrainingService;
import org.maskrecommender.training.TrainingSettings;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;

/** {@code train}: data in, verified and versioned ONNX model out. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train on fit-test data (default: generated sample data), evaluate, export to ONNX, "
                + "verify and publish a new model version.")
public final class TrainCommand implements Callable<Integer> {

    private final CliContext context;

    @Option(names = "--data", paramLabel = "SRC",
            description = "Fit tests: a CSV/JSON file, s3://bucket/key, or https://… (token from $"
                    + CliContext.APP_TOKEN_VARIABLE + "). Default: the sample generator.")
    String data;

    @Option(names = "--catalogue", paramLabel = "SRC", description = "Optional mask catalogue (CSV/JSON, same locations).")
    String catalogue;

    @Option(names = "--store", paramLabel = "DIR|s3://bucket/prefix",
            description = "The environment's model store. Default: model-store/<environment> in the project.")
    String store;

    @Option(names = "--environment", defaultValue = "staging", description = "Environment (default: ${DEFAULT-VALUE}).")
    Environment environment;

    @Option(names = "--trigger", defaultValue = "manual", description = "schedule, tag or manual (default: ${DEFAULT-VALUE}).")
    Trigger.Type trigger;

    @Option(names = "--sample-users", paramLabel = "N", description = "Users the sample generator makes (default: 1500).")
    Integer sampleUsers;

    @Option(names = "--folds", paramLabel = "K", description = "Cross-validation folds (default: 5).")
    Integer folds;

    @Option(names = "--max-rows", paramLabel = "N", description = "Refuse a fit-test file of more than N rows "
            + "(input_too_large) rather than run out of memory; raise it with the JVM's heap, see docs/model.md "
            + "(default: " + TrainingService.DEFAULT_MAX_ROWS + ").")
    Integer maxRows;

    @Option(names = "--eval-fraction", paramLabel = "F",
            description = "Share of users in the frozen evaluation set, by a hash of user_id (default: 0.15).")
    Double evalFraction;

    @Option(names = "--force", description = "Promote the new model even if the quality gate says no (recorded).")
    boolean force;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of a summary.")
    boolean json;

    public TrainCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        TrainingSettings settings = TrainingSettings.DEFAULT;
        try {
            if (sampleUsers != null) {
                settings = settings.withSample(new SampleSettings(settings.sample().seed(), sampleUsers));
            }
            if (folds != null) {
                settings = settings.withFolds(folds);
            }
            if (evalFraction != null) {
                settings = settings.withEvaluationFraction(evalFraction);
            }
        } catch (IllegalArgumentException e) {
            context.err().println("error [" + TrainingException.Code.INVALID_REQUEST.key() + "]: " + e.getMessage());
            return 2;
        }
        String location = context.storeLocation(store, environment);
        ModelStore modelStore;
        try {
            modelStore = context.modelStore(location);
        } catch (RuntimeException e) { // a location that is no store, an S3 client that cannot be built
            context.err().println("error [" + TrainingException.Code.STORE_FAILED.key() + "]: cannot open the model store "
                    + location + ": " + e.getMessage());
            context.stackTrace(e);
            return 1;
        }
        try {
            // The gate compares with what the environment's inference function serves (its deployment ledger).
            TrainingRequest request = new TrainingRequest(environment, data, catalogue, trigger, settings, force,
                    context.inferenceFunction(environment));
            TrainingService service = TrainingService.builder().sources(context.sourceReader()).mapper(context.mapper())
                    .gitSha(context.env("GIT_SHA"))
                    .maxRows(maxRows == null ? TrainingService.DEFAULT_MAX_ROWS : maxRows).maxRowsSetting("--max-rows")
                    .build();
            TrainingResult result = service.train(request, modelStore, line -> context.err().println("… " + line));
            if (json) {
                context.out().println(context.mapper().writeValueAsString(result));
            } else {
                printSummary(result);
            }
            return 0;
        } catch (TrainingException e) {
            context.err().println("error [" + e.code().key() + "]: " + e.getMessage());
            context.stackTrace(e);
            return 1;
        }
    }

    private void printSummary(TrainingResult r) {
        var out = context.out();
        JsonNode m = r.metrics();
        out.printf("Published model %s (%s) in %.1f s%n", r.version(), r.environment(), r.seconds());
        out.printf("  promoted   %s%n", r.promotion().reason());
        out.printf("  store      %s%n", r.store());
        out.printf("  trainer    %s%n", r.trainer());
        StringBuilder drops = new StringBuilder();
        for (Map.Entry<String, Integer> e : r.rows().dropped().entrySet()) {
            if (e.getValue() > 0) {
                drops.append(drops.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            }
        }
        out.printf("  rows       read %d, kept %d, dropped %d%s%n", r.rows().read(), r.rows().kept(),
                r.rows().droppedTotal(), drops.length() == 0 ? "" : " (" + drops + ")");
        out.printf("  masks      %d scored%n", r.masks());
        out.printf("  eval set   %d users, %d rows (%.0f%% of users by a hash of user_id; never trained on)%n",
                r.evaluationSet().users(), r.evaluationSet().rows(), 100 * r.evaluationSet().fraction());
        out.printf("  eval       ROC AUC %.3f  PR AUC %.3f  log loss %.3f  Brier %.3f  ECE %.3f  top-1 %.2f  top-3 %.2f%n",
                m.path("roc_auc").asDouble(), m.path("pr_auc").asDouble(), m.path("log_loss").asDouble(),
                m.path("brier").asDouble(), m.path("expected_calibration_error").asDouble(),
                m.path("top1_hit_rate").asDouble(), m.path("top3_hit_rate").asDouble());
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("subgroups").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> g = it.next();
            out.printf("  subgroup   %-24s %5d rows  ROC AUC %.3f  log loss %.3f  ECE %.3f%n", g.getKey(),
                    g.getValue().path("rows").asInt(), g.getValue().path("roc_auc").asDouble(),
                    g.getValue().path("log_loss").asDouble(), g.getValue().path("expected_calibration_error").asDouble());
        }
        for (JsonNode probe : m.path("probes").path("results")) {
            out.printf("  probe      %s: %s (%s)%n", probe.path("name").asText(), probe.path("status").asText(),
                    m.path("probes").path("version").asText());
        }
        JsonNode cv = m.path("cross_validation");
        out.printf("  CV ROC AUC (%d user-grouped folds; chosen %s)%n", cv.path("folds").asInt(),
                cv.path("chosen_label").asText());
        for (JsonNode c : cv.path("candidates")) {
            out.printf("             %.4f  %s%n", c.path("roc_auc_mean").asDouble(), c.path("label").asText());
        }
    }
}
