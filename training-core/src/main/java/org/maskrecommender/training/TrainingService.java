package org.maskrecommender.training;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.data.DataFormatException;
import org.maskrecommender.core.data.DataSourceException;
import org.maskrecommender.core.data.RowCounts;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.data.TabularReader;
import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.notify.Notification;
import org.maskrecommender.core.notify.Notifier;
import org.maskrecommender.core.store.ModelArtifacts;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.PublishedVersion;
import org.maskrecommender.core.store.ReferencePrediction;
import org.maskrecommender.training.data.TrainingData;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.evaluation.EvaluationReport;
import org.maskrecommender.training.evaluation.Metrics;
import org.maskrecommender.training.evaluation.UserGroupedSplit;
import org.maskrecommender.training.evaluation.UserGroupedSplit.Split;
import org.maskrecommender.training.export.ExportException;
import org.maskrecommender.training.export.ExportedModel;
import org.maskrecommender.training.export.OnnxExporter;
import org.maskrecommender.training.events.ModelTrainedEvents;
import org.maskrecommender.training.export.ParityCheck;
import org.maskrecommender.training.gate.GateDecision;
import org.maskrecommender.training.gate.QualityGate;
import org.maskrecommender.training.model.Candidate;
import org.maskrecommender.training.model.Candidates;
import org.maskrecommender.training.model.FittedModel;
import org.maskrecommender.training.model.ModelFitter;
import org.maskrecommender.training.publish.ArtifactFactory;

/**
 * The training job: data in, verified and versioned ONNX model out.
 *
 * <ol>
 *   <li>read and clean the fit tests (drops counted by reason);</li>
 *   <li>hold out a share of users; on the rest, compare the candidates by user-grouped k-fold
 *       cross-validation on ROC AUC;</li>
 *   <li>refit the winner on all selection rows and evaluate it on the held-out users (never seen by
 *       the published model, so its held-out metrics are honest and later runs can be compared on them);</li>
 *   <li>export to ONNX and check ONNX Runtime's probabilities against Tribuo's on the training rows;</li>
 *   <li>quality gate: compare with the deployed model on the same held-out users;</li>
 *   <li>publish: version files, read-back verification, then — if promoted — the {@code latest.json}
 *       pointer and the Model Trained event; if not, an email with both models' numbers.</li>
 * </ol>
 * Free of any Lambda concern: the command line and the Lambda handler both call it.
 */
public final class TrainingService {

    /** Training rows whose probabilities the manifest keeps for serving's self-check. */
    static final int REFERENCE_ROWS = 32;

    private final TrainingDataLoader loader;
    private final List<Candidate> candidates;
    private final ModelFitter fitter = new ModelFitter();
    private final OnnxExporter exporter = new OnnxExporter();
    private final ParityCheck parity = new ParityCheck();
    private final ArtifactFactory artifacts;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String gitSha;
    private final Notifier notifier;
    private final ModelTrainedEvents events;

    /**
     * @param loader     reads and cleans data
     * @param candidates model candidates to compare (at least one)
     * @param mapper     JSON mapper for manifest blocks
     * @param clock      source of the publish time
     * @param gitSha     commit of the code doing the training, "unknown" when not known
     */
    public TrainingService(TrainingDataLoader loader, List<Candidate> candidates, ObjectMapper mapper, Clock clock,
                           String gitSha) {
        this(loader, candidates, mapper, clock, gitSha, notification -> { }, ModelTrainedEvents.NONE);
    }

    /**
     * @param notifier   emails "retrained, not promoted"
     * @param events     announces promoted models to the deployer
     */
    public TrainingService(TrainingDataLoader loader, List<Candidate> candidates, ObjectMapper mapper, Clock clock,
                           String gitSha, Notifier notifier, ModelTrainedEvents events) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate is needed");
        }
        this.loader = loader;
        this.candidates = List.copyOf(candidates);
        this.mapper = mapper;
        this.clock = clock;
        this.gitSha = gitSha == null || gitSha.isBlank() ? "unknown" : gitSha;
        this.notifier = notifier;
        this.events = events;
        this.artifacts = new ArtifactFactory(mapper);
    }

    /** The production wiring: default candidates, UTC wall clock. */
    public static TrainingService standard(SourceReader sources, ObjectMapper mapper, String gitSha) {
        return standard(sources, mapper, gitSha, notification -> { }, ModelTrainedEvents.NONE);
    }

    /** The production wiring with a notifier and an event bus. */
    public static TrainingService standard(SourceReader sources, ObjectMapper mapper, String gitSha, Notifier notifier,
                                           ModelTrainedEvents events) {
        return new TrainingService(new TrainingDataLoader(sources, new TabularReader(mapper)), Candidates.defaults(),
                mapper, Clock.systemUTC(), gitSha, notifier, events);
    }

    /**
     * Runs one training and publishes the result to {@code store}.
     *
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
        checkEnough(data.fitTests(), settings);

        Split holdout = UserGroupedSplit.holdout(data.fitTests(), settings.holdoutFraction(), settings.seed());
        progress.step(String.format("Held out %d rows of %d users for evaluation; selecting on %d rows",
                holdout.test().size(), users(holdout.test()), holdout.train().size()));

        List<CandidateScore> scores = new ArrayList<>();
        for (Candidate candidate : candidates) {
            scores.add(crossValidate(candidate, holdout.train(), settings, progress));
        }
        CandidateScore best = scores.stream()
                // NaN (a fold with one class) must never win: Double.compare ranks it highest.
                .max(java.util.Comparator.comparingDouble(c -> Double.isNaN(c.meanRocAuc()) ? Double.NEGATIVE_INFINITY
                        : c.meanRocAuc()))
                .orElseThrow();
        progress.step("Chose " + best.candidate().name() + String.format(" (CV ROC AUC %.4f)", best.meanRocAuc()));

        Instant fitStart = clock.instant();
        FittedModel model = fitter.fit(best.candidate(), holdout.train(), settings.seed());
        double[] trainProbabilities = model.predict(holdout.train());
        EvaluationReport heldOut = Metrics.evaluate(holdout.test(), model.predict(holdout.test()));
        progress.step(String.format("Fitted %s on %d rows; held-out ROC AUC %.4f, log loss %.4f, ECE %.4f",
                best.candidate().name(), holdout.train().size(), heldOut.rocAuc(), heldOut.logLoss(),
                heldOut.expectedCalibrationError()));
        double fitSeconds = seconds(fitStart);

        ExportedModel exported;
        ParityCheck.Report parityReport;
        try {
            exported = exporter.export(model, 1L);
            parityReport = parity.verify(exported, model.encoder(), holdout.train(), trainProbabilities,
                    settings.parityTolerance());
        } catch (ExportException e) {
            throw new TrainingException(TrainingException.Code.EXPORT_FAILED, e.getMessage(), e);
        }
        progress.step(String.format("Exported to ONNX; ONNX Runtime matches Tribuo on %d rows (max |diff| %.2g)",
                parityReport.rows(), parityReport.maxAbsDiff()));

        String deployed = request.deployedModel() != null ? request.deployedModel()
                : store.latestVersion().orElse(null);
        GateDecision gate = new QualityGate(settings.gate()).decide(heldOut, holdout.test(), store, deployed,
                request.force());
        progress.step("Quality gate: " + gate.reason());

        Instant createdAt = clock.instant();
        ObjectNode metrics = metrics(heldOut, scores, best, settings);
        ObjectNode trainer = trainerBlock(best, model, parityReport, settings, holdout, fitSeconds);
        ObjectNode code = mapper.createObjectNode().put("git_sha", gitSha);
        ModelArtifacts files = artifacts.build(request.environment(), createdAt, model, exported, data, metrics,
                trainer, code, references(model, holdout.train()), mapper.valueToTree(gate));
        PublishedVersion published;
        try {
            published = store.publish(files, gate.promoted());
        } catch (RuntimeException e) {
            throw new TrainingException(TrainingException.Code.STORE_FAILED,
                    "publishing to " + store.location() + " failed: " + e.getMessage(), e);
        }
        progress.step((gate.promoted() ? "Published and promoted " : "Published (kept, not promoted) ")
                + published.version() + " to " + published.location());
        String event = announce(request, published.version(), gate);
        return new TrainingResult(published.version(), request.environment(), store.location(), published.location(),
                request.trigger(), createdAt, best.candidate().name(), metrics, rows, data.masks().masks().size(),
                seconds(started), gate.promoted(), gate, event);
    }

    /** Promoted: tell the deployer. Not promoted: tell people, with both models' numbers. */
    private String announce(TrainingRequest request, String version, GateDecision gate) {
        if (!gate.promoted()) {
            try {
                notifier.send(notPromoted(request, version, gate));
            } catch (RuntimeException e) {
                return "not sent (not promoted); the email failed: " + e.getMessage();
            }
            return "not sent (not promoted)";
        }
        try {
            return events.modelTrained(request.environment(), version, request.trigger());
        } catch (RuntimeException e) {
            // The version is promoted and verified; only the automatic release is missing. Say so loudly.
            return "FAILED: " + e.getMessage();
        }
    }

    private static Notification notPromoted(TrainingRequest request, String version, GateDecision gate) {
        EvaluationReport mine = gate.candidate();
        EvaluationReport theirs = gate.deployed();
        String subject = "[mask-recommender] " + request.environment() + " retrained, not promoted: " + version;
        StringBuilder body = new StringBuilder();
        body.append("Model ").append(version).append(" was trained (").append(request.trigger())
                .append(") and kept, but latest.json was not moved.\n\n").append(gate.reason()).append("\n\n");
        body.append(String.format(java.util.Locale.ROOT, "%-32s %12s %12s%n", "held-out users of the new model",
                "new", gate.comparedTo() == null ? "deployed" : gate.comparedTo()));
        body.append(row("ROC AUC", mine.rocAuc(), theirs == null ? Double.NaN : theirs.rocAuc()));
        body.append(row("PR AUC", mine.prAuc(), theirs == null ? Double.NaN : theirs.prAuc()));
        body.append(row("log loss", mine.logLoss(), theirs == null ? Double.NaN : theirs.logLoss()));
        body.append(row("Brier", mine.brier(), theirs == null ? Double.NaN : theirs.brier()));
        body.append(row("expected calibration error", mine.expectedCalibrationError(),
                theirs == null ? Double.NaN : theirs.expectedCalibrationError()));
        body.append("\nTo promote it anyway, retrain with force (recorded in the manifest).\n");
        return new Notification(subject, body.toString());
    }

    private static String row(String name, double mine, double theirs) {
        return String.format(java.util.Locale.ROOT, "%-32s %12.4f %12.4f%n", name, mine, theirs);
    }

    private TrainingData load(TrainingRequest request) {
        try {
            return loader.load(request.dataSource(), request.catalogueSource(), request.settings().sample());
        } catch (DataFormatException e) {
            throw new TrainingException(TrainingException.Code.INVALID_DATA, e.getMessage(), e);
        } catch (DataSourceException e) {
            throw new TrainingException(TrainingException.Code.DATA_UNAVAILABLE, e.getMessage(), e);
        }
    }

    private static void checkEnough(List<FitTest> rows, TrainingSettings settings) {
        long users = users(rows);
        long passes = rows.stream().filter(FitTest::passed).count();
        int needed = 2 * (settings.folds() + 1);
        if (users < needed) {
            throw new TrainingException(TrainingException.Code.INSUFFICIENT_DATA, "only " + users
                    + " users have clean fit tests; " + settings.folds() + "-fold cross-validation plus a held-out "
                    + "split needs at least " + needed);
        }
        if (passes == 0 || passes == rows.size()) {
            throw new TrainingException(TrainingException.Code.INSUFFICIENT_DATA,
                    "every clean fit test has the same result (" + (passes == 0 ? "fail" : "pass")
                            + "); there is nothing to learn");
        }
    }

    /**
     * One candidate's cross-validation: a model per fold, scored on that fold's unseen users. Folds are
     * independent, so they are fitted in parallel on the machine's cores (a Lambda with ≥ 1,769 MB has two).
     */
    private CandidateScore crossValidate(Candidate candidate, List<FitTest> rows, TrainingSettings settings,
                                         ProgressListener progress) {
        Instant start = clock.instant();
        List<Split> folds = UserGroupedSplit.kFold(rows, settings.folds(), settings.seed() + 1);
        int threads = Math.max(1, Math.min(folds.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> predictions = new ArrayList<>();
            for (int f = 0; f < folds.size(); f++) {
                Split fold = folds.get(f);
                long seed = settings.seed() + f;
                predictions.add(pool.submit(() -> fitter.fit(candidate, fold.train(), seed).predict(fold.test())));
            }
            List<Double> foldAuc = new ArrayList<>();
            List<FitTest> pooledRows = new ArrayList<>(rows.size());
            double[] pooled = new double[rows.size()];
            int n = 0;
            for (int f = 0; f < folds.size(); f++) {
                double[] p = await(predictions.get(f));
                Split fold = folds.get(f);
                double auc = Metrics.rocAuc(p, labels(fold.test()));
                foldAuc.add(auc);
                progress.step(String.format("  %s fold %d/%d: ROC AUC %.4f on %d rows of unseen users",
                        candidate.name(), f + 1, folds.size(), auc, fold.test().size()));
                pooledRows.addAll(fold.test());
                System.arraycopy(p, 0, pooled, n, p.length);
                n += p.length;
            }
            double mean = foldAuc.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            progress.step(String.format("Cross-validated %s: ROC AUC %.4f over %d user-grouped folds (%.1f s)",
                    candidate.name(), mean, folds.size(), seconds(start)));
            return new CandidateScore(candidate, foldAuc, mean, Metrics.evaluate(pooledRows, pooled));
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] await(Future<double[]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during cross-validation", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cross-validation failed", e.getCause());
        }
    }

    private static boolean[] labels(List<FitTest> rows) {
        boolean[] y = new boolean[rows.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = rows.get(i).passed();
        }
        return y;
    }

    private ObjectNode metrics(EvaluationReport heldOut, List<CandidateScore> scores, CandidateScore best,
                               TrainingSettings settings) {
        ObjectNode m = mapper.createObjectNode();
        // Headline numbers: the published model on users it never saw.
        m.put("roc_auc", heldOut.rocAuc());
        m.put("pr_auc", heldOut.prAuc());
        m.put("log_loss", heldOut.logLoss());
        m.put("brier", heldOut.brier());
        m.put("expected_calibration_error", heldOut.expectedCalibrationError());
        m.put("top1_hit_rate", heldOut.top1HitRate());
        m.put("top3_hit_rate", heldOut.top3HitRate());
        m.put("selection_metric", "roc_auc");
        m.set("held_out", mapper.valueToTree(heldOut));
        ObjectNode cv = m.putObject("cross_validation");
        cv.put("folds", settings.folds());
        cv.put("grouped_by", "user_id");
        cv.put("chosen", best.candidate().name());
        ArrayNode list = cv.putArray("candidates");
        for (CandidateScore s : scores) {
            ObjectNode c = list.addObject();
            c.put("name", s.candidate().name());
            c.put("roc_auc_mean", s.meanRocAuc());
            c.set("roc_auc_folds", mapper.valueToTree(s.foldRocAuc()));
            c.set("pooled_out_of_fold", mapper.valueToTree(s.pooled()));
        }
        return m;
    }

    private ObjectNode trainerBlock(CandidateScore best, FittedModel model, ParityCheck.Report parityReport,
                                    TrainingSettings settings, Split holdout, double fitSeconds) {
        ObjectNode t = mapper.createObjectNode();
        t.put("candidate", best.candidate().name());
        t.set("hyperparameters", mapper.valueToTree(best.candidate().hyperparameters()));
        t.put("library", "Tribuo " + org.tribuo.Tribuo.VERSION);
        t.put("trained_on", "all rows of the selection users (held-out users excluded)");
        t.put("training_rows", holdout.train().size());
        t.put("fit_seconds", fitSeconds);
        t.set("split", mapper.valueToTree(Map.of("method", "user_grouped_shuffle", "seed", settings.seed(),
                "holdout_fraction", settings.holdoutFraction(), "holdout_users", users(holdout.test()),
                "holdout_rows", holdout.test().size())));
        t.set("onnx_parity", mapper.valueToTree(parityReport));
        t.put("tribuo_provenance", model.model().getProvenance().toString());
        return t;
    }

    /**
     * Reference rows for serving's self-check: masks spread over the training rows, paired with made-up
     * faces from small to large (never a real person's measurements: manifests are kept for good), with
     * Tribuo's probabilities.
     */
    private static List<ReferencePrediction> references(FittedModel model, List<FitTest> rows) {
        int count = Math.min(REFERENCE_ROWS, rows.size());
        List<FitTest> probes = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            double t = count == 1 ? 0.5 : (double) k / (count - 1);
            FacialMeasurements face = new FacialMeasurements(40 + 20 * t, 80 + 35 * t, 95 + 35 * t, 90 + 35 * t,
                    210 + 60 * t, (k % 4) * 5.0);
            probes.add(new FitTest(0, rows.get((int) ((long) k * rows.size() / count)).mask(), face, false, null));
        }
        double[] p = model.predict(probes);
        List<ReferencePrediction> refs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            refs.add(new ReferencePrediction(probes.get(i).face(), probes.get(i).mask(), p[i]));
        }
        return refs;
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

    /** Cross-validation outcome of one candidate. */
    private record CandidateScore(Candidate candidate, List<Double> foldRocAuc, double meanRocAuc,
                                  EvaluationReport pooled) {
    }
}
