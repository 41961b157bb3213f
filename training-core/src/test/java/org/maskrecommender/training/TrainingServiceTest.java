package org.maskrecommender.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.data.FitTestCsv;
import org.maskrecommender.core.data.FitTestRow;
import org.maskrecommender.core.data.SourceContent;
import org.maskrecommender.core.data.SourceReader;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.features.InputLayout;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.core.probes.Probes;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.core.store.ModelRef;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.training.card.CardChecks;
import org.maskrecommender.training.card.ModelCard;
import org.maskrecommender.training.data.TrainingDataLoader;
import org.maskrecommender.training.data.TrainingDataLoader.SampleSettings;
import org.maskrecommender.training.evaluation.Curves;
import org.maskrecommender.training.model.Candidates;

class TrainingServiceTest {

    private static final SampleSettings SMALL = new SampleSettings(42, 500);
    private static final TrainingSettings SETTINGS = TrainingSettings.DEFAULT.withSample(SMALL);

    private final ObjectMapper mapper = Json.newMapper();
    private final TrainingService service = TrainingService.builder().mapper(mapper).gitSha("abc123")
            .sources(new SourceReader(() -> {
                throw new AssertionError("no S3 here");
            }, HttpClient.newHttpClient(), Optional.empty())).build();

    @TempDir
    Path dir;

    /** The environment's store as training writes it. */
    private LocalBlobStore blobs() {
        return new LocalBlobStore(dir.resolve("store"));
    }

    /** The same store, read as serving and the gate read it. */
    private ModelStore store() {
        return new ModelStore(blobs(), mapper);
    }

    @Test
    void publishesAVerifiedVersionWithAFullManifest() throws Exception {
        ModelStore store = store();
        List<String> progress = new ArrayList<>();
        TrainingResult result = service.train(new TrainingRequest(Environment.STAGING, null, null, Trigger.Type.MANUAL, SETTINGS), store(),
                progress::add);

        assertThat(store.latestVersion()).contains(result.version());
        VerifiedModel model = store.load(store.latest().orElseThrow());
        Manifest m = model.manifest();
        assertThat(m.environment()).isEqualTo(Environment.STAGING);
        assertThat(m.files()).containsEntry(Manifest.MODEL_FILE, SourceContent.sha256(model.modelOnnx()))
                .containsEntry(Manifest.MASKS_FILE, SourceContent.sha256(model.masksJson()));
        assertThat(m.featureNames()).hasSize(m.onnx().featureCount() + m.encoding().fitFamilies().size())
                .startsWith("facial_perimeter", "perimeter_diff");
        // the served graph takes the features before the family block and a family index
        assertThat(m.onnx().inputLayout()).isEqualTo(InputLayout.FAMILY_INDEX);
        assertThat(m.featureNames().get(m.onnx().featureCount())).startsWith("fit_family=");
        assertThat(m.referencePredictions()).anyMatch(r -> r.mask().fitFamilyId() == null)
                .anyMatch(r -> r.mask().fitFamilyId() != null
                        && !m.encoding().fitFamilies().contains(r.mask().fitFamilyId()));
        assertThat(m.trainer().path("onnx_parity").path("random_rows").asInt())
                .isGreaterThan(m.encoding().fitFamilies().size());
        assertThat(m.encoding().styles()).containsExactly("Bifold", "Boat", "Cup", "Duckbill");
        assertThat(m.code().path("git_sha").asText()).isEqualTo("abc123");

        // row counts: what cleaning did, consistent everywhere
        JsonNode rows = m.trainingData().path("rows");
        assertThat(rows.path("read").asInt()).isEqualTo(result.rows().read());
        assertThat(rows.path("kept").asInt() + result.rows().droppedTotal()).isEqualTo(result.rows().read());
        assertThat(result.rows().dropped().get("mask_modded")).isPositive();
        assertThat(m.trainingData().path("sha256").asText()).hasSize(64);

        // metrics: headline = held-out, plus both candidates' cross-validation
        JsonNode metrics = m.metrics();
        assertThat(metrics.path("roc_auc").asDouble()).isBetween(0.7, 1.0);
        for (String key : List.of("pr_auc", "log_loss", "brier", "expected_calibration_error", "top1_hit_rate",
                "top3_hit_rate")) {
            assertThat(metrics.path(key).isNumber()).as(key).isTrue();
        }
        assertThat(metrics.path("held_out").path("calibration_bins")).hasSize(10);

        // the frozen evaluation set: counted everywhere, and every other clean row is trained on
        JsonNode evaluation = metrics.path("evaluation_set");
        assertThat(evaluation.path("users").asInt()).isEqualTo(result.evaluationSet().users()).isPositive();
        assertThat(evaluation.path("rows").asInt()).isEqualTo(result.evaluationSet().rows())
                .isEqualTo(metrics.path("held_out").path("rows").asInt())
                .isEqualTo(result.promotion().candidate().rows());
        assertThat(evaluation.path("fraction").asDouble()).isEqualTo(0.15);
        assertThat(m.trainer().path("training_rows").asInt() + result.evaluationSet().rows())
                .isEqualTo(result.rows().kept());
        assertThat((double) result.evaluationSet().users() / 500).isBetween(0.10, 0.20);
        // the grid, each point with its hyper-parameters, and the winner
        JsonNode cv = metrics.path("cross_validation");
        assertThat(cv.path("candidates")).hasSize(Candidates.defaults().size());
        assertThat(cv.path("candidates")).allSatisfy(c -> assertThat(c.path("hyperparameters")
                .path("family_shrinkage_rows").isNumber()).isTrue());
        assertThat(cv.path("chosen_hyperparameters")).isEqualTo(m.trainer().path("hyperparameters"));
        assertThat(m.encoding().familyShrinkageRows())
                .isEqualTo(m.trainer().path("hyperparameters").path("family_shrinkage_rows").asDouble());
        assertThat(m.encoding().fitFamilyRows()).hasSameSizeAs(m.encoding().fitFamilies());
        assertThat(metrics.path("cross_validation").path("candidates").get(0).path("roc_auc_folds")).hasSize(5);
        assertThat(m.trainer().path("onnx_parity").path("max_abs_diff").asDouble()).isLessThanOrEqualTo(1e-5);

        // masks.json: every scorable mask of the sample world, nobody-tested masks included
        JsonNode masks = mapper.readTree(model.masksJson());
        assertThat(masks.size()).isEqualTo(result.masks());
        assertThat(masks.get(0).has("perimeter_mm")).isTrue();

        assertThat(progress).anyMatch(l -> l.startsWith("Cross-validated logistic_regression"))
                .anyMatch(l -> l.startsWith("Cross-validated factorization_machine"))
                .anyMatch(l -> l.startsWith("Quality gate: promoted"))
                .anyMatch(l -> l.startsWith("Published and promoted " + result.version()));
        assertThat(result.promoted()).isTrue();
        assertThat(m.promotion().path("promoted").asBoolean()).isTrue();
        assertThat(m.promotion().path("compared_to").isNull()).isTrue();
    }

    @Test
    void trainsFromAnExportFileAndCatalogue() throws Exception {
        Path data = dir.resolve("fit-tests.csv");
        Files.write(data, FitTestCsv.write(TrainingDataLoader.sampleRows(SMALL)));
        Path catalogue = dir.resolve("catalogue.csv");
        Files.writeString(catalogue, """
                id,unique_internal_model_code,fit_family_id,perimeter_mm,style,strap_type
                9001,"Brand-new Cup, untested",901,372,Cup,Headstrap
                9002,No perimeter yet,902,,Boat,Earloop
                """, StandardCharsets.UTF_8);
        ModelStore store = store();
        TrainingResult result = service.train(new TrainingRequest(Environment.PRODUCTION, data.toString(), catalogue.toString(),
                Trigger.Type.SCHEDULE, SETTINGS), store(), ProgressListener.silent());

        Manifest m = store.manifest(result.version());
        assertThat(m.environment()).isEqualTo(Environment.PRODUCTION);
        assertThat(m.trainingData().path("location").asText()).isEqualTo(data.toString());
        assertThat(m.trainingData().path("catalogue_entries_without_perimeter").asInt()).isEqualTo(1);
        JsonNode masks = mapper.readTree(store.load(store.refOf(result.version())).masksJson());
        assertThat(masks.findValuesAsText("unique_internal_model_code")).contains("Brand-new Cup, untested")
                .doesNotContain("No perimeter yet");
    }

    @Test
    void aMalformedFileNamesFileLineAndFieldAndPublishesNothing() throws Exception {
        Path data = dir.resolve("broken.csv");
        Files.write(data, FitTestCsv.write(TrainingDataLoader.sampleRows(SMALL)));
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        String[] cells = lines.get(3).split(",", -1);
        cells[13] = "abc"; // chin_mm
        lines.set(3, String.join(",", cells));
        Files.write(data, lines);
        ModelStore store = store();

        assertThatThrownBy(() -> service.train(new TrainingRequest(Environment.STAGING, data.toString(), null, null, SETTINGS),
                store(), ProgressListener.silent()))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.code()).isEqualTo(TrainingException.Code.INVALID_DATA))
                .hasMessageContaining("broken.csv line 4")
                .hasMessageContaining("field chin_mm");
        assertThat(store.latestVersion()).isEmpty();
        assertThat(dir.resolve("store")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.list(p)).isEmpty());
    }

    @Test
    void aDuplicateColumnNamesFileLineOneAndColumnAndPublishesNothing() throws Exception {
        Path data = dir.resolve("duplicated.csv");
        Files.write(data, FitTestCsv.write(TrainingDataLoader.sampleRows(SMALL)));
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        for (int i = 0; i < lines.size(); i++) {
            // a second chin_mm: read as "the last copy wins", every chin would be 1 mm
            lines.set(i, lines.get(i) + (i == 0 ? ",chin_mm" : ",1"));
        }
        Files.write(data, lines);
        ModelStore store = store();

        assertThatThrownBy(() -> service.train(new TrainingRequest(Environment.STAGING, data.toString(), null, null, SETTINGS),
                store, ProgressListener.silent()))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.code()).isEqualTo(TrainingException.Code.INVALID_DATA))
                .hasMessageContaining("duplicated.csv line 1")
                .hasMessageContaining("field chin_mm");
        assertThat(store.latestVersion()).isEmpty();
    }

    @Test
    void aMissingFileIsDataUnavailable() {
        assertThatThrownBy(() -> service.train(new TrainingRequest(Environment.STAGING, dir.resolve("nope.csv").toString(), null,
                null, SETTINGS), store(), ProgressListener.silent()))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.code()).isEqualTo(TrainingException.Code.DATA_UNAVAILABLE))
                .hasMessageContaining("nope.csv");
    }

    @Test
    void tooFewUsersIsInsufficientData() {
        TrainingSettings tiny = TrainingDataLoaderSettings.tiny();
        assertThatThrownBy(() -> service.train(new TrainingRequest(Environment.STAGING, null, null, null, tiny), store(),
                ProgressListener.silent()))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.code()).isEqualTo(TrainingException.Code.INSUFFICIENT_DATA))
                .hasMessageContaining("users");
    }

    @Test
    void anEmptyEvaluationSetIsInsufficientData() {
        // one user in a million: none of the sample's 500
        TrainingSettings none = SETTINGS.withEvaluationFraction(1e-6);
        assertThatThrownBy(() -> service.train(new TrainingRequest(Environment.STAGING, null, null, null, none), store(),
                ProgressListener.silent()))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.code()).isEqualTo(TrainingException.Code.INSUFFICIENT_DATA))
                .hasMessageContaining("frozen evaluation set");
        assertThat(store().latestVersion()).isEmpty();
    }

    @Test
    void anExportThatDisagreesWithTribuoIsNeverPublished() {
        TrainingSettings strict = new TrainingSettings(3, 0.2, 7, 1e-12, SMALL);
        ModelStore store = store();
        assertThatThrownBy(() -> service.train(new TrainingRequest(Environment.STAGING, null, null, null, strict), store(),
                ProgressListener.silent()))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.code()).isEqualTo(TrainingException.Code.EXPORT_FAILED))
                .hasMessageContaining("refusing to publish");
        assertThat(store.latestVersion()).isEmpty();
    }

    @Test
    void publishesAModelCardCoveredByTheManifestAndDrawnFromIt() throws Exception {
        ModelStore store = store();
        TrainingResult result = service.train(new TrainingRequest(Environment.STAGING, null, null,
                Trigger.Type.SCHEDULE, SETTINGS), store(), ProgressListener.silent());

        ModelRef ref = store.latest().orElseThrow();
        byte[] bytes = store.card(ref).orElseThrow();
        Manifest m = store.manifest(result.version());
        assertThat(m.files()).containsEntry(Manifest.CARD_FILE, SourceContent.sha256(bytes));
        assertThat(dir.resolve("store/models/" + result.version() + "/" + Manifest.CARD_FILE)).isRegularFile();
        String html = new String(bytes, StandardCharsets.UTF_8);
        CardChecks.assertSelfContained(html);
        CardChecks.assertWellFormed(html);
        Document doc = CardChecks.parse(html);

        assertThat(doc.select("#provenance").text()).contains(result.version()).contains("schedule")
                .contains("abc123").contains(m.trainingData().path("sha256").asText());
        JsonNode curves = m.metrics().path(ModelCard.CURVES_FIELD);
        int rocPoints = curves.path("roc").path("false_positive_rate").size();
        assertThat(rocPoints).isBetween(10, Curves.MAX_POINTS + 1);
        assertThat(CardChecks.points(doc.selectFirst("svg#roc-chart polyline.curve"))).isEqualTo(rocPoints);
        assertThat(CardChecks.points(doc.selectFirst("svg#pr-chart polyline.curve")))
                .isEqualTo(curves.path("precision_recall").path("recall").size());
        assertThat(doc.select("svg#calibration-chart g.bin").stream().mapToInt(b ->
                Integer.parseInt(b.attr("data-count"))).sum()).isEqualTo(result.evaluationSet().rows());
        assertThat(doc.select("#subgroup-table tbody tr")).hasSize(m.metrics().path("subgroups").size()).isNotEmpty();
        assertThat(doc.select("#probe-table tbody tr")).hasSize(m.metrics().path("probes").path("results").size());
        assertThat(doc.select("#candidate-table tbody tr")).hasSize(Candidates.defaults().size());
        assertThat(doc.select("#candidate-table tbody tr th").eachText()).filteredOn(t -> t.endsWith("(chosen)"))
                .hasSize(1);
        assertThat(doc.select("#candidate-table").text()).contains("learning_rate="
                + m.trainer().path("hyperparameters").path("learning_rate").asText());
        assertThat(doc.select("#gate-decision").text()).isEqualTo("Promoted");
        // one size-curve chart per style the model knows, each with the three reference faces
        assertThat(doc.select("figure.size-curve")).extracting(f -> f.attr("data-style"))
                .containsExactlyElementsOf(m.encoding().styles());
        assertThat(doc.select("figure.size-curve")).allSatisfy(f -> assertThat(f.select("polyline.curve"))
                .extracting(l -> l.attr("data-series")).containsExactly("child", "adult", "large adult"));
        // the size curves were scored through the exported model: the adult's Boat curve peaks above the child's
        JsonNode boat = m.metrics().path(ModelCard.SIZE_CURVES_FIELD).path("styles").findParents("style").stream()
                .filter(s -> s.path("style").asText().equals("Boat")).findFirst().orElseThrow();
        assertThat(argmax(boat.path("probabilities").path("adult")))
                .isGreaterThan(argmax(boat.path("probabilities").path("child")));

        // the card can be drawn again from the manifest alone, identically
        assertThat(new ModelCard(mapper).renderHtml(m.withFiles(Map.of()))).isEqualTo(html);
    }

    private static int argmax(JsonNode values) {
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            best = values.get(i).asDouble() > values.get(best).asDouble() ? i : best;
        }
        return best;
    }

    @Test
    void theQualityGateKeepsAWorseModelUnpromotedUnlessForced() {
        ModelStore store = store();
        List<org.maskrecommender.core.notify.Notification> mails = new ArrayList<>();
        List<String> events = new ArrayList<>();
        TrainingService gated = TrainingService.builder().mapper(mapper).gitSha("abc")
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty()))
                .notifier(mails::add).events(event -> {
                    events.add(event.environment() + " " + event.modelVersion() + " " + event.trigger().json());
                    return "sent";
                }).build();
        TrainingResult first = gated.train(new TrainingRequest(Environment.STAGING, null, null, Trigger.Type.SCHEDULE, SETTINGS), store(),
                ProgressListener.silent());
        assertThat(events).containsExactly("staging " + first.version() + " schedule");

        // a gate no model can pass: the new version must beat the deployed one by 0.5 AUC
        TrainingSettings strict = SETTINGS.withGate(new org.maskrecommender.training.gate.GateSettings(-0.5, 1.0));
        TrainingResult second = gated.train(new TrainingRequest(Environment.STAGING, null, null, Trigger.Type.SCHEDULE, strict), store(),
                ProgressListener.silent());

        assertThat(second.promoted()).isFalse();
        assertThat(store.latestVersion()).contains(first.version());
        Manifest kept = store.manifest(second.version());
        assertThat(kept.promotion().path("promoted").asBoolean()).isFalse();
        assertThat(kept.promotion().path("compared_to").asText()).isEqualTo(first.version());
        assertThat(kept.promotion().path("reason").asText()).startsWith("not promoted: evaluation-set ROC AUC");
        assertThat(kept.promotion().path("failed_checks")).extracting(JsonNode::asText).containsExactly("roc_auc");
        assertThat(kept.promotion().path("deployed").path("roc_auc").asDouble()).isGreaterThan(0.5);
        assertThat(events).hasSize(1);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).subject()).contains("retrained, not promoted").contains(second.version());
        assertThat(mails.get(0).body()).contains("ROC AUC").contains(first.version()).contains("expected calibration error")
                .contains("frozen evaluation set: " + second.evaluationSet().users() + " users, "
                        + second.evaluationSet().rows() + " fit tests")
                .contains("child_sized_face").contains("beard_never_raises_fit");
        assertThat(mails.get(0).body()).contains("Model card (charts, subgroups, size curves): "
                + store.cardLocation(second.version()));
        assertThat(Path.of(store.cardLocation(second.version()))).isRegularFile();

        TrainingResult forced = gated.train(new TrainingRequest(Environment.STAGING, null, null, Trigger.Type.MANUAL, strict, true, null),
                store(), ProgressListener.silent());
        assertThat(forced.promoted()).isTrue();
        assertThat(store.latestVersion()).contains(forced.version());
        assertThat(store.manifest(forced.version()).promotion().path("forced").asBoolean()).isTrue();
        assertThat(events).hasSize(2).last().asString().contains(forced.version());
    }

    @Test
    void aDeployedModelThatCannotBeScoredHoldsPromotionBack() {
        // the deployer's ledger says live serves a version this store does not have
        new Ledger(blobs(), "mask-recommender-inference-staging", mapper).append(new LedgerEntry("e-1",
                Instant.parse("2026-11-28T05:10:00Z"), LedgerEntry.Action.RELEASE, Environment.STAGING,
                "mask-recommender-inference-staging", new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null), null, "1",
                "20200101T000000Z-00000000", null, LedgerEntry.Outcome.SUCCEEDED, null));

        TrainingResult r = service.train(new TrainingRequest(Environment.STAGING, null, null, Trigger.Type.SCHEDULE,
                SETTINGS), store(), ProgressListener.silent());

        assertThat(r.promoted()).isFalse();
        assertThat(r.promotion().reason()).startsWith("not promoted: the deployed model 20200101T000000Z-00000000 "
                + "could not be scored");
        assertThat(store().latestVersion()).isEmpty();
    }

    @Test
    void theGateComparesWithWhatTheLedgerSaysIsDeployedNotWithLatest() {
        TrainingResult deployed = service.train(new TrainingRequest(Environment.STAGING, null, null, null, SETTINGS),
                store(), ProgressListener.silent());
        TrainingResult newer = service.train(new TrainingRequest(Environment.STAGING, null, null, null, SETTINGS),
                store(), ProgressListener.silent());
        new Ledger(blobs(), "mask-recommender-inference-staging", mapper).append(new LedgerEntry("e-2",
                Instant.parse("2026-11-28T05:10:00Z"), LedgerEntry.Action.ROLLBACK, Environment.STAGING,
                "mask-recommender-inference-staging", new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null), "2", "1",
                deployed.version(), null, LedgerEntry.Outcome.SUCCEEDED, null));

        TrainingResult third = service.train(new TrainingRequest(Environment.STAGING, null, null, null, SETTINGS),
                store(), ProgressListener.silent());

        assertThat(store().latestVersion()).isNotEqualTo(Optional.of(deployed.version()));
        assertThat(newer.promotion().comparedTo()).isEqualTo(deployed.version());
        assertThat(third.promotion().comparedTo()).isEqualTo(deployed.version());
    }

    @Test
    void anUnreadableLedgerIsAStoreFailureAndPublishesNothing() {
        blobs().put("deployments/mask-recommender-inference-staging.json", "not json".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> service.train(new TrainingRequest(Environment.STAGING, null, null, null, SETTINGS),
                store(), ProgressListener.silent()))
                .isInstanceOfSatisfying(TrainingException.class,
                        e -> assertThat(e.code()).isEqualTo(TrainingException.Code.STORE_FAILED))
                .hasMessageContaining("deployments/mask-recommender-inference-staging.json");
        assertThat(store().latestVersion()).isEmpty();
    }

    @Test
    void aBadlyCalibratedModelIsNotPromoted() {
        ModelStore store = store();
        TrainingSettings impossible = SETTINGS.withGate(new org.maskrecommender.training.gate.GateSettings(1.0, 0.0));
        TrainingResult r = service.train(new TrainingRequest(Environment.STAGING, null, null, null, impossible), store(),
                ProgressListener.silent());
        assertThat(r.promoted()).isFalse();
        assertThat(store.latestVersion()).isEmpty();
        assertThat(r.promotion().reason()).contains("calibration error");
        assertThat(store.manifest(r.version()).version()).isEqualTo(r.version());
    }

    @Test
    void shuffledLabelsAreNeverPromotedEvenWithNothingDeployed() throws Exception {
        // an export whose results are scrambled: the deployed and the new model would look equally bad on it
        List<FitTestRow> rows = new ArrayList<>(TrainingDataLoader.sampleRows(SMALL));
        List<String> results = new ArrayList<>(rows.stream().map(FitTestRow::qlftPass).toList());
        Collections.shuffle(results, new Random(5));
        for (int i = 0; i < rows.size(); i++) {
            FitTestRow r = rows.get(i);
            rows.set(i, new FitTestRow(r.id(), r.userId(), r.maskId(), r.fitFamilyId(), r.uniqueInternalModelCode(),
                    r.perimeterMm(), r.strapType(), r.style(), results.get(i), r.sourceFitTestId(), r.maskModded(),
                    r.facialHairBeardLengthMm(), r.noseMm(), r.chinMm(), r.topCheekMm(), r.midCheekMm(), r.strapMm()));
        }
        Path data = dir.resolve("shuffled.csv");
        Files.write(data, FitTestCsv.write(rows));

        TrainingResult r = service.train(new TrainingRequest(Environment.STAGING, data.toString(), null, null,
                SETTINGS), store(), ProgressListener.silent());

        assertThat(r.promoted()).isFalse();
        assertThat(store().latestVersion()).isEmpty();
        assertThat(r.promotion().comparedTo()).isNull();
        assertThat(r.promotion().failedChecks()).contains("floor");
        assertThat(r.promotion().reason()).contains("below the floor 0.6000");
    }

    @Test
    void aModelThatFailsAProbeIsNotPromotedAndTheProbeIsNamed() {
        // on the sample world the factorization machine's pairwise terms let a beard raise some probabilities
        TrainingService fmOnly = TrainingService.builder().mapper(mapper)
                .sources(new SourceReader(() -> null, HttpClient.newHttpClient(), Optional.empty()))
                .candidates(List.of(org.maskrecommender.training.model.Candidates.factorizationMachine())).build();
        List<String> progress = new ArrayList<>();
        TrainingResult r = fmOnly.train(new TrainingRequest(Environment.STAGING, null, null, null, SETTINGS), store(),
                progress::add);

        assertThat(r.promoted()).isFalse();
        assertThat(store().latestVersion()).isEmpty();
        assertThat(r.promotion().failedChecks()).anyMatch(c -> c.startsWith("probe:"));
        assertThat(r.promotion().reason()).contains("probe ").contains("(probes-v1) failed");
        assertThat(progress).anyMatch(l -> l.startsWith("No candidate passes every probe"));
        JsonNode probes = store().manifest(r.version()).metrics().path("probes").path("results");
        assertThat(probes).anyMatch(p -> p.path("status").asText().equals("failed"));
    }

    @Test
    void subgroupsAndProbesAreInTheManifest() {
        ModelStore store = store();
        TrainingResult r = service.train(new TrainingRequest(Environment.STAGING, null, null, null, SETTINGS), store,
                ProgressListener.silent());
        JsonNode metrics = store.manifest(r.version()).metrics();
        JsonNode subgroups = metrics.path("subgroups");
        assertThat(subgroups.fieldNames()).toIterable().contains("child_sized_face", "bearded", "style=Boat",
                "style=Cup");
        JsonNode children = subgroups.path("child_sized_face");
        assertThat(children.path("rows").asInt()).isPositive().isLessThan(r.evaluationSet().rows());
        assertThat(children.path("roc_auc").asDouble()).isBetween(0.6, 1.0);
        for (String key : List.of("log_loss", "expected_calibration_error", "users", "positives")) {
            assertThat(children.path(key).isNumber()).as(key).isTrue();
        }
        assertThat(metrics.path("subgroup_definitions").path("child_sized_face").asText()).contains("330 mm");
        assertThat(metrics.path("probes").path("version").asText()).isEqualTo(Probes.VERSION);
        assertThat(metrics.path("probes").path("results")).hasSize(3)
                .allSatisfy(p -> assertThat(p.path("status").asText()).isIn("passed", "skipped"));
        assertThat(store.manifest(r.version()).promotion().path("probes").path("version").asText())
                .isEqualTo(Probes.VERSION);
    }

    @Test
    void aRequestDefaultsToAManualRunForTheEnvironmentsOwnFunction() {
        TrainingRequest r = new TrainingRequest(Environment.PRODUCTION, " ", null, null, null);

        assertThat(r.trigger()).isEqualTo(Trigger.Type.MANUAL);
        assertThat(r.dataSource()).isNull();
        assertThat(r.settings()).isEqualTo(TrainingSettings.DEFAULT);
        assertThat(r.inferenceFunction()).isEqualTo("mask-recommender-inference");
        assertThatThrownBy(() -> new TrainingRequest(null, null, null, null, null))
                .isInstanceOf(NullPointerException.class);
    }

    /** Sample settings too small for 5-fold cross-validation plus a hold-out. */
    private static final class TrainingDataLoaderSettings {
        static TrainingSettings tiny() {
            return TrainingSettings.DEFAULT.withSample(new SampleSettings(1, 8));
        }
    }
}
