package org.maskrecommender.training;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.data.DataFormatException;
import org.maskrecommender.core.data.DataSourceException;
import org.maskrecommender.core.data.InputTooLargeException;
import org.maskrecommender.core.data.RowCounts;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.data.TabularReader;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.events.ModelTrainedEvent;
import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.core.probes.ProbeReport;
import org.maskrecommender.core.store.ModelArtifacts;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.PublishedVersion;
import org.maskrecommender.core.store.StoreFailedException;
import org.maskrecommender.training.data.TrainingData;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.EvaluationSet;
import org.maskrecommender.training.evaluation.EvaluationSetSummary;
import org.maskrecommender.training.evaluation.Metrics;
import org.maskrecommender.training.evaluation.SubgroupReport;
import org.maskrecommender.training.evaluation.Subgroups;
import org.maskrecommender.training.evaluation.UserGroupedSplit.Split;
import org.maskrecommender.training.events.ModelTrainedEvents;
import org.maskrecommender.training.gate.GateDecision;
import org.maskrecommender.training.gate.NotPromotedNotification;
import org.maskrecommender.training.gate.QualityGate;
import org.maskrecommender.training.model.Candidate;
import org.maskrecommender.training.model.CandidateSelection;
import org.maskrecommender.training.model.Candidates;
import org.maskrecommender.training.model.FittedModel;
import org.maskrecommender.training.model.ModelFitter;
import org.maskrecommender.training.publish.ArtifactFactory;
import org.maskrecommender.training.publish.ManifestBlocks;

/**
 * The training job: data in, verified and versioned ONNX model out.
 *
 * <ol>
 *   <li>read and clean the fit tests (drops counted by reason);</li>
 *   <li>set aside the frozen evaluation set ({@link EvaluationSet}: the same users every week); on the rest,
 *       compare the candidates by user-grouped k-fold cross-validation on ROC AUC ({@link CandidateSelection});</li>
 *   <li>refit the winner on every row outside the evaluation set and evaluate it on the evaluation set (never
 *       seen by any published model, so its metrics are honest and weekly runs are compared on them);</li>
 *   <li>export to ONNX and check ONNX Runtime's probabilities against Tribuo's on the training rows;</li>
 *   <li>score subgroups of the evaluation set ({@link Subgroups}) and run the probe set ({@link Probes});</li>
 *   <li>quality gate: compare with the deployed model (the deployment ledger's) on the evaluation set's rows,
 *       overall and per subgroup; a floor and the probes hold even with nothing deployed;</li>
 *   <li>publish: version files, read-back verification, then — if promoted — the {@code latest.json}
 *       pointer and the Model Trained event; if not, an email with both models' numbers.</li>
 * </ol>
 * Free of any Lambda concern: the command line and the Lambda handler both call it, assembled by
 * {@link #builder()}.
 *
 * <p>Above 300 lines because it reads as one run in order (load, clean, split, select, fit, export, evaluate, gate,
 * publish, announce); each step's work lives in its own package.
 */
public final class TrainingService {

    /**
     * Default of {@link Builder#maxRows}: what the template's training function (3,008 MB, of which Lambda's Java
     * runtime gives the heap 85%) trains with a margin. Measured (bench/run-training-memory-bench.sh, figures in
     * docs/model.md): 800k rows peaked at 1.8 GB of heap and 2.3 GB of process memory; 1M rows at 2.1 GB and
     * 2.8 GB, too close to 3,008 MB.
     */
    public static final int DEFAULT_MAX_ROWS = 800_000;

    private final TrainingDataLoader loader;
    private final List<Candidate> candidates;
    private final ModelFitter fitter = new ModelFitter();
    private final CandidateSelection selection = new CandidateSelection(fitter);
    private final FinalFit finalFit;
    private final ArtifactFactory artifacts;
    private final ManifestBlocks blocks;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String gitSha;
    private final Notifier notifier;
    private final ModelTrainedEvents events;
    private final int maxRows;
    private final String maxRowsSetting;

    private TrainingService(Builder b) {
        this.mapper = b.mapper;
        this.loader = new TrainingDataLoader(Objects.requireNonNull(b.sources, "sources"), new TabularReader(mapper));
        this.candidates = List.copyOf(b.candidates);
        this.clock = b.clock;
        this.gitSha = b.gitSha == null || b.gitSha.isBlank() ? "unknown" : b.gitSha;
        this.notifier = b.notifier;
        this.events = b.events;
        this.maxRows = b.maxRows;
        this.maxRowsSetting = b.maxRowsSetting;
        this.artifacts = new ArtifactFactory(mapper);
        this.blocks = new ManifestBlocks(mapper);
        this.finalFit = new FinalFit(fitter, b.inputLayout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one training and publishes the result to the environment's store.
     *
     * @param store the environment's store: models, and the deployment ledger naming the deployed model
     * @throws TrainingException with a code and a message naming what went wrong; nothing is published then
     */
    public TrainingResult train(TrainingRequest request, ModelStore store, ProgressListener progress) {
        Instant started = clock.instant();
        TrainingSettings settings = request.settings();
        progress.step("Reading fit tests from " + (request.dataSource() == null
                ? "the sample generator (" + settings.sample().users() + " synthetic users)" : request.dataSource()));
        TrainingData data = load(request);
        RowCounts rows = data.counts();
        progress.step(String.format("Cleaned data: kept %d of %d rows (%d dropped%s); %d masks to score",
                rows.kept(), rows.read(), rows.droppedTotal(), describeDrops(rows), data.masks().masks().size()));
        DataRequirements.checkEnough(data.fitTests(), settings);

        Split split = EvaluationSet.split(data.fitTests(), settings.evaluationFraction());
        EvaluationSetSummary evaluationSet = new EvaluationSetSummary(settings.evaluationFraction(),
                (int) users(split.test()), split.test().size(), EvaluationSet.ASSIGNMENT);
        DataRequirements.checkSplit(split, settings);
        progress.step(String.format("Frozen evaluation set: %d rows of %d users (%.0f%% of users by a hash of "
                + "user_id); training and selecting on %d rows of %d users", split.test().size(),
                users(split.test()), 100 * settings.evaluationFraction(), split.train().size(), users(split.train())));
        List<CandidateSelection.Score> scores = selection.crossValidate(candidates, split.train(), settings.folds(),
                settings.seed(), progress);
        FinalFit.Result fit = finalFit.fit(scores, split.train(), data.masks().masks(), settings, progress);
        FittedModel model = fit.model();
        CandidateSelection.Score best = fit.chosen();
        double[] evaluationProbabilities = model.predict(split.test());
        EvaluationReport heldOut = Metrics.evaluate(split.test(), evaluationProbabilities);
        Subgroups subgroups = Subgroups.of(split.train());
        Map<String, SubgroupReport> subgroupReports = subgroups.evaluate(split.test(), evaluationProbabilities);
        progress.step(String.format("Evaluation set: ROC AUC %.4f, log loss %.4f, ECE %.4f; ONNX Runtime matches "
                + "Tribuo on %d training rows (max |diff| %.2g)", heldOut.rocAuc(), heldOut.logLoss(),
                heldOut.expectedCalibrationError(), fit.parity().rows(), fit.parity().maxAbsDiff()));
        subgroupReports.forEach((name, g) -> progress.step(String.format(Locale.ROOT,
                "  subgroup %-24s %5d rows  ROC AUC %.4f  log loss %.4f  ECE %.4f", name, g.rows(), g.rocAuc(),
                g.logLoss(), g.expectedCalibrationError())));
        ProbeReport probes = fit.probes();
        probes.results().forEach(r -> progress.step("  probe " + r.name() + ": " + r.status() + " (" + r.detail() + ")"));

        String deployed = deployedModel(request, store);
        GateDecision gate = new QualityGate(settings.gate()).decide(
                new QualityGate.Evidence(heldOut, subgroupReports, probes), split.test(), subgroups, store, deployed,
                request.force());
        progress.step("Quality gate: " + gate.reason());

        Instant createdAt = clock.instant();
        ObjectNode metrics = blocks.metrics(heldOut, evaluationSet, subgroupReports, probes, scores, best,
                settings.folds());
        blocks.cardData(metrics, split.test(), evaluationProbabilities, model, fit.exported(), data.masks().masks());
        Map<String, Object> splitBlock = Map.of("method", "frozen_evaluation_set",
                "assignment", EvaluationSet.ASSIGNMENT, "evaluation_fraction", settings.evaluationFraction(),
                "evaluation_users", evaluationSet.users(), "evaluation_rows", evaluationSet.rows(),
                "training_users", users(split.train()), "cross_validation_seed", settings.seed());
        ObjectNode trainer = blocks.trainer(model, split.train().size(), splitBlock, fit.parity(), fit.fitSeconds());
        trainer.set("passed_over_for_probes", mapper.valueToTree(fit.passedOver()));
        trainer.put("trigger", request.trigger().json());
        ObjectNode code = mapper.createObjectNode().put("git_sha", gitSha);
        ModelArtifacts files = artifacts.build(request.environment(), createdAt, model, fit.exported(), data,
                split.train(), metrics, trainer, code, ManifestBlocks.references(model, split.train()),
                mapper.valueToTree(gate));
        PublishedVersion published;
        try {
            published = store.publish(files, gate.promoted());
        } catch (StoreFailedException e) {
            // names the object and whether latest.json moved
            throw new TrainingException(TrainingException.Code.STORE_FAILED, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new TrainingException(TrainingException.Code.STORE_FAILED,
                    "publishing to " + store.location() + " failed: " + e.getMessage(), e);
        }
        boolean promoted = published.latest();
        progress.step((promoted ? "Published and promoted " : gate.promoted()
                ? "Published, not promoted (a newer version is already latest) " : "Published (kept, not promoted) ")
                + published.version() + " to " + published.location());
        String event = announce(request, published, gate, store);
        return new TrainingResult(published.version(), request.environment(), store.location(), published.location(),
                request.trigger(), createdAt, best.candidate().name(), metrics, evaluationSet, rows, data.masks().masks().size(),
                seconds(started), promoted, gate, event);
    }

    /**
     * The model the gate compares with: what the environment serves per the deployment ledger, else (nothing
     * deployed through the deployer yet) what {@code latest.json} names.
     */
    private String deployedModel(TrainingRequest request, ModelStore store) {
        try {
            Ledger ledger = new Ledger(store.blobs(), request.inferenceFunction(), mapper);
            return ledger.snapshot().deployedModel().or(store::latestVersion).orElse(null);
        } catch (RuntimeException e) {
            throw new TrainingException(TrainingException.Code.STORE_FAILED, "cannot tell which model "
                    + request.inferenceFunction() + " serves, to compare with: reading " + store.location()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Promoted: tell the deployer. Not promoted by the gate: tell people, with both models' numbers. Promoted by
     * the gate but overtaken by a newer version: nothing to release.
     */
    private String announce(TrainingRequest request, PublishedVersion published, GateDecision gate,
                            ModelStore store) {
        if (!gate.promoted()) {
            try {
                notifier.send(NotPromotedNotification.compose(request.environment(), request.trigger(),
                        published.version(), gate, store.cardLocation(published.version())));
            } catch (RuntimeException e) {
                return "not sent (not promoted); the email failed: " + e.getMessage();
            }
            return "not sent (not promoted)";
        }
        if (!published.latest()) {
            return "not sent (a newer version is already latest)";
        }
        try {
            return events.modelTrained(new ModelTrainedEvent(request.environment(), published.version(),
                    published.manifestSha256(), request.trigger()));
        } catch (RuntimeException e) {
            // The version is promoted and verified; only the automatic release is missing. Say so loudly.
            return "FAILED: " + e.getMessage();
        }
    }

    private TrainingData load(TrainingRequest request) {
        try {
            return loader.load(request.dataSource(), request.catalogueSource(), request.settings().sample(), maxRows);
        } catch (InputTooLargeException e) {
            throw new TrainingException(TrainingException.Code.INPUT_TOO_LARGE, String.format("%s; this training "
                    + "takes at most %,d fit-test rows (setting %s), so that it fits in memory: train on fewer rows, "
                    + "or raise %s together with the training function's memory (docs/model.md#size-limits)",
                    e.getMessage(), maxRows, maxRowsSetting, maxRowsSetting), e);
        } catch (DataFormatException e) {
            throw new TrainingException(TrainingException.Code.INVALID_DATA, e.getMessage(), e);
        } catch (DataSourceException e) {
            throw new TrainingException(TrainingException.Code.DATA_UNAVAILABLE, e.getMessage(), e);
        }
    }

    private static String describeDrops(RowCounts rows) {
        StringBuilder sb = new StringBuilder();
        rows.dropped().forEach((reason, count) -> {
            if (count > 0) {
                sb.append(sb.length() == 0 ? ": " : ", ").append(count).append(' ').append(reason);
            }
        });
        return sb.toString();
    }

    private static long users(List<FitTest> rows) {
        return rows.stream().mapToLong(FitTest::userId).distinct().count();
    }

    private double seconds(Instant since) {
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }

    /** What a training service is made of; only the data sources are required. */
    public static final class Builder {

        private SourceReader sources;
        private ObjectMapper mapper = Json.newMapper();
        private Clock clock = Clock.systemUTC();
        private String gitSha = "unknown";
        private Notifier notifier = notification -> { };
        private ModelTrainedEvents events = ModelTrainedEvents.NONE;
        private List<Candidate> candidates = Candidates.defaults();
        private int maxRows = DEFAULT_MAX_ROWS;
        private String maxRowsSetting = "maxRows";
        private InputLayout inputLayout = InputLayout.FAMILY_INDEX;

        private Builder() {
        }

        /**
         * The input layout of the published graph. Default {@link InputLayout#FAMILY_INDEX}: a request costs the
         * same whatever the number of fit families. {@link InputLayout#ONE_HOT} publishes the graph every model had
         * before, which inference code older than the family-index layout can serve (e.g. after rolling the code
         * back).
         */
        public Builder inputLayout(InputLayout layout) {
            this.inputLayout = Objects.requireNonNull(layout);
            return this;
        }

        /**
         * The most fit-test rows a run reads (before cleaning); a larger input is refused with
         * {@link TrainingException.Code#INPUT_TOO_LARGE} while it is read, before cross-validation, instead
         * of running out of memory. Default {@link #DEFAULT_MAX_ROWS}.
         */
        public Builder maxRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("max rows must be at least 1, got " + rows);
            }
            this.maxRows = rows;
            return this;
        }

        /**
         * How the person running training changes {@link #maxRows}, named in the refusal (e.g.
         * {@code --max-rows}, {@code TRAINING_MAX_ROWS}); default {@code maxRows}.
         */
        public Builder maxRowsSetting(String setting) {
            this.maxRowsSetting = Objects.requireNonNull(setting, "setting");
            return this;
        }

        /** Where fit tests and catalogues are read from (files, S3, the app's export endpoint). */
        public Builder sources(SourceReader reader) {
            this.sources = reader;
            return this;
        }

        public Builder mapper(ObjectMapper m) {
            this.mapper = Objects.requireNonNull(m, "mapper");
            return this;
        }

        /** Source of publish times (and so of version ids); default the UTC wall clock. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Commit of the code doing the training, recorded in manifests; default "unknown". */
        public Builder gitSha(String sha) {
            this.gitSha = sha;
            return this;
        }

        /** Who hears of versions kept but not promoted; default nobody. */
        public Builder notifier(Notifier n) {
            this.notifier = Objects.requireNonNull(n, "notifier");
            return this;
        }

        /** How promoted versions are announced to the deployer; default {@link ModelTrainedEvents#NONE}. */
        public Builder events(ModelTrainedEvents e) {
            this.events = Objects.requireNonNull(e, "events");
            return this;
        }

        /** The candidates cross-validation chooses from; default {@link Candidates#defaults()}. */
        public Builder candidates(List<Candidate> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("at least one candidate is needed");
            }
            this.candidates = List.copyOf(list);
            return this;
        }

        public TrainingService build() {
            return new TrainingService(this);
        }
    }
}
