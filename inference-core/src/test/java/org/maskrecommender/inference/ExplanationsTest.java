package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.store.LocalBlobStore;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.core.store.MaskEvidence;
import org.maskrecommender.core.store.ModelArtifacts;
import org.maskrecommender.core.store.ModelRef;
import org.maskrecommender.core.store.ModelStore;
import org.maskrecommender.core.store.ModelVersion;
import org.maskrecommender.core.store.VerifiedModel;
import org.maskrecommender.training.SampleModels;

/**
 * Each recommendation explains itself (size against the model's best size, the evidence behind the mask's family),
 * requested masks that cannot be scored are told apart from unknown ones, and the filters keep what they name
 * before the limit. Against a model the training pipeline published, and two versions derived from it: one as
 * published before training recorded its evidence, one whose catalogue gained a mask of a family nobody tested and
 * an entry without a perimeter.
 */
class ExplanationsTest {

    @TempDir
    static Path dir;

    /** A mask of a family the model never saw, and a catalogue entry without a perimeter. */
    static final long NEW_FAMILY_MASK = 9001;
    static final long NO_PERIMETER_MASK = 9002;

    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final FacialMeasurements FACE = new FacialMeasurements(52.1, 98.0, 110.4, 107.9, 251.0, 0);
    private static ModelStore store;
    private static Manifest manifest;
    private static final List<ModelHolder> HOLDERS = new ArrayList<>();
    private static ModelHolder current;
    private static InferenceService service;
    private static InferenceService older;
    private static InferenceService extended;

    @BeforeAll
    static void publish() throws Exception {
        store = new ModelStore(new LocalBlobStore(dir), MAPPER);
        String version = SampleModels.publish(store, Environment.STAGING, 400);
        ModelRef ref = store.refOf(version);
        VerifiedModel files = store.load(ref);
        manifest = files.manifest();
        current = holder(ref);
        service = new InferenceService(current, MAPPER);

        ObjectNode withoutEvidence = manifest.trainingData().deepCopy();
        withoutEvidence.remove(List.of(MaskEvidence.FIT_TESTS_BY_FAMILY, MaskEvidence.UNSCORABLE_MASK_IDS));
        older = new InferenceService(holder(derive(files, 1, withoutEvidence, files.masksJson())), MAPPER);

        List<Mask> masks = new ArrayList<>(MAPPER.readValue(files.masksJson(), new TypeReference<List<Mask>>() { }));
        masks.add(new Mask(NEW_FAMILY_MASK, "Newcomer Boat (White)", 99_999L, 380, "Boat", "Headstrap"));
        ObjectNode withUnscorable = manifest.trainingData().deepCopy();
        withUnscorable.putArray(MaskEvidence.UNSCORABLE_MASK_IDS).add(NO_PERIMETER_MASK);
        extended = new InferenceService(holder(derive(files, 2, withUnscorable, MAPPER.writeValueAsBytes(masks))),
                MAPPER);
    }

    /** Another version of the same model, published with other training data notes and catalogue. */
    private static ModelRef derive(VerifiedModel files, int seconds, ObjectNode trainingData, byte[] masksJson) {
        Manifest m = files.manifest();
        Instant createdAt = m.createdAt().plusSeconds(seconds);
        Manifest copy = new Manifest(ModelVersion.of(createdAt, files.modelOnnx()), m.environment(), createdAt, Map.of(),
                m.featureNames(), m.encoding(), m.onnx(), m.referencePredictions(), m.metrics(), trainingData, m.code(),
                m.trainer(), m.promotion());
        return store.publish(new ModelArtifacts(copy, files.modelOnnx(), masksJson), false).ref();
    }

    private static ModelHolder holder(ModelRef ref) {
        ModelHolder h = new ModelHolder(new ModelLoader(store, Optional.of(ref.version()),
                Optional.of(ref.manifestSha256()), Environment.STAGING, MAPPER));
        HOLDERS.add(h);
        return h;
    }

    @AfterAll
    static void close() {
        HOLDERS.forEach(ModelHolder::close);
    }

    private static JsonNode call(InferenceService s, String extra) {
        InferenceService.Answer answer = s.handle(("{\"facial_measurements\": " + face() + extra + "}")
                .getBytes(StandardCharsets.UTF_8), "explain");
        assertThat(answer.failure()).isNull();
        return answer.response();
    }

    private static String face() {
        try {
            return MAPPER.writeValueAsString(FACE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachRecommendationCarriesItsPerimeterDifferenceAndAVerdictAgainstTheModelsBestSize() {
        JsonNode recs = call(service, "").path("recommendations");
        LoadedModel model = current.get();
        assertThat(recs.size()).isGreaterThan(20);
        Map<String, Integer> verdicts = new HashMap<>();
        for (JsonNode r : recs) {
            Mask mask = model.mask(r.path("mask_id").asLong());
            double diff = mask.perimeterMm() - FACE.facialPerimeterMm();
            assertThat(r.path("perimeter_diff_mm").asDouble()).isCloseTo(diff, offset(0.05));
            double best = r.path("size_fit").path("best_perimeter_diff_mm").asDouble();
            String verdict = r.path("size_fit").path("verdict").asText();
            verdicts.merge(verdict, 1, Integer::sum);
            assertThat(verdict).isEqualTo(diff < best - 10 ? "smaller_than_best" : diff > best + 10
                    ? "larger_than_best" : "near_best");
            // the best size is where this model, for this face and style, scores highest among the sizes the style
            // comes in (20 mm either side of the catalogue's smallest and largest mask of the style)
            float atBest = model.score(FACE, List.of(probe(best, mask.style())))[0];
            double[] sizes = model.perimeterRange(mask.style());
            assertThat(best).isBetween(sizes[0] - 25 - FACE.facialPerimeterMm(), sizes[1] + 25 - FACE.facialPerimeterMm());
            for (double d : new double[] {best - 20, best - 5, best - 1, best + 1, best + 5, best + 20}) {
                if (d < sizes[0] - 20 - FACE.facialPerimeterMm() || d > sizes[1] + 20 - FACE.facialPerimeterMm()) {
                    continue;
                }
                assertThat(model.score(FACE, List.of(probe(d, mask.style())))[0]).as("%s at %s vs best %s",
                        mask.style(), d, best).isLessThanOrEqualTo(atBest + 1e-6f);
            }
        }
        assertThat(verdicts.keySet()).as("a catalogue of many sizes gets every verdict").containsExactlyInAnyOrder(
                "smaller_than_best", "near_best", "larger_than_best");
    }

    @Test
    void theBestSizeIsNearTheSampleWorldsTrueBestForEachStyle() {
        // the sample world's truth (core.sample.GroundTruth): best d of 15 (Bifold), 8 (Boat), 0 (Cup), 22 (Duckbill) mm
        Map<String, Double> truth = Map.of("Bifold", 15.0, "Boat", 8.0, "Cup", 0.0, "Duckbill", 22.0);
        for (JsonNode r : call(service, "").path("recommendations")) {
            assertThat(r.path("size_fit").path("best_perimeter_diff_mm").asDouble()).as(r.path("style").asText())
                    .isCloseTo(truth.get(r.path("style").asText()), offset(15.0));
        }
    }

    @Test
    void aChildsBestSizeStaysWithinTheSizesTheStyleComesIn() {
        // far outside them a factorisation model extrapolated can keep rising: never report such a size
        FacialMeasurements child = new FacialMeasurements(40, 80, 95, 90, 210, 0);
        InferenceService.Answer a = service.handle(("{\"facial_measurements\": {\"nose_mm\": 40, \"chin_mm\": 80,"
                + " \"top_cheek_mm\": 95, \"mid_cheek_mm\": 90, \"strap_mm\": 210, \"facial_hair_beard_length_mm\": 0}}")
                .getBytes(StandardCharsets.UTF_8), "child");
        for (JsonNode r : a.response().path("recommendations")) {
            double[] sizes = current.get().perimeterRange(r.path("style").asText());
            assertThat(r.path("size_fit").path("best_perimeter_diff_mm").asDouble()).as(r.path("style").asText())
                    .isBetween(sizes[0] - 25 - child.facialPerimeterMm(), sizes[1] + 25 - child.facialPerimeterMm());
        }
    }

    private static Mask probe(double diff, String style) {
        return new Mask(0, null, null, FACE.facialPerimeterMm() + diff, style, null);
    }

    @Test
    void supportCountsTheFitTestsOfTheFamilyThatTheModelWasTrainedOn() {
        MaskEvidence evidence = MaskEvidence.from(manifest);
        int total = evidence.fitTestsByFamily().values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).as("every training row of the sample has a family").isEqualTo(
                manifest.trainer().path("training_rows").asInt());
        for (JsonNode r : call(service, "").path("recommendations")) {
            Mask mask = current.get().mask(r.path("mask_id").asLong());
            assertThat(r.path("support").asInt()).isEqualTo(evidence.fitTestsByFamily().getOrDefault(mask.fitFamilyId(), 0));
            assertThat(r.path("family_seen").asBoolean()).isEqualTo(r.path("support").asInt() > 0);
        }
    }

    @Test
    void aVersionPublishedWithoutTheCountsStillLoadsWithSupportNull() {
        JsonNode r = call(older, ", \"limit\": 5");
        assertThat(r.path("recommendations")).hasSize(5);
        for (JsonNode rec : r.path("recommendations")) {
            assertThat(rec.has("support")).isTrue();
            assertThat(rec.path("support").isNull()).isTrue();
            assertThat(rec.path("family_seen").asBoolean()).isTrue();
            assertThat(rec.path("size_fit").path("verdict").asText()).isNotBlank();
        }
        assertThat(r.path("unscored_mask_ids")).isEmpty();
    }

    @Test
    void aMaskOfAFamilyNeverSeenInTrainingSaysSo() {
        JsonNode rec = call(extended, ", \"mask_ids\": [" + NEW_FAMILY_MASK + "]").path("recommendations").get(0);
        assertThat(rec.path("mask_id").asLong()).isEqualTo(NEW_FAMILY_MASK);
        assertThat(rec.path("family_seen").asBoolean()).isFalse();
        assertThat(rec.path("support").asInt()).isZero();
    }

    @Test
    void requestedMasksThatCannotBeScoredAreListedApartFromUnknownOnes() {
        JsonNode r = call(extended, ", \"mask_ids\": [" + NO_PERIMETER_MASK + ", 424242, " + NEW_FAMILY_MASK + "]");
        assertThat(r.path("recommendations").findValues("mask_id")).extracting(JsonNode::asLong)
                .containsExactly(NEW_FAMILY_MASK);
        assertThat(r.path("unscored_mask_ids")).extracting(JsonNode::asLong).containsExactly(NO_PERIMETER_MASK);
        assertThat(r.path("unknown_mask_ids")).extracting(JsonNode::asLong).containsExactly(424242L);
        assertThat(call(extended, "").path("unscored_mask_ids")).as("only requested masks are listed").isEmpty();
    }

    @Test
    void stylesAndStrapTypesKeepOnlyWhatTheyNameBeforeTheLimit() {
        JsonNode all = call(service, "").path("recommendations");
        List<JsonNode> boatsWithHeadstraps = new ArrayList<>();
        all.forEach(r -> {
            if (r.path("style").asText().equals("Boat") && r.path("strap_type").asText().equals("Headstrap")) {
                boatsWithHeadstraps.add(r);
            }
        });
        assertThat(boatsWithHeadstraps.size()).isGreaterThan(3);
        JsonNode top = call(service, ", \"styles\": [\"boat\"], \"strap_types\": [\"Headstrap\", \"HEADSTRAP\"],"
                + " \"limit\": 3").path("recommendations");
        assertThat(top).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(top.get(i).path("mask_id")).isEqualTo(boatsWithHeadstraps.get(i).path("mask_id"));
            assertThat(top.get(i).path("proba_fit")).isEqualTo(boatsWithHeadstraps.get(i).path("proba_fit"));
            assertThat(top.get(i).path("rank").asInt()).isEqualTo(i + 1);
        }
        JsonNode two = call(service, ", \"styles\": [\"Cup\", \"Duckbill\"]").path("recommendations");
        assertThat(two.findValuesAsText("style")).isNotEmpty().allMatch(s -> s.equals("Cup") || s.equals("Duckbill"));
    }

    @Test
    void excludedMasksAreLeftOutBeforeTheLimit() {
        JsonNode all = call(service, "").path("recommendations");
        long first = all.get(0).path("mask_id").asLong();
        long third = all.get(2).path("mask_id").asLong();
        JsonNode top = call(service, ", \"exclude_mask_ids\": [" + first + ", " + third + ", 424242], \"limit\": 3")
                .path("recommendations");
        assertThat(top.findValues("mask_id")).extracting(JsonNode::asLong).containsExactly(
                all.get(1).path("mask_id").asLong(), all.get(3).path("mask_id").asLong(),
                all.get(4).path("mask_id").asLong());
        JsonNode none = call(service, ", \"mask_ids\": [" + first + "], \"exclude_mask_ids\": [" + first + "]");
        assertThat(none.path("recommendations")).isEmpty();
        assertThat(call(service, ", \"exclude_mask_ids\": []").path("recommendations")).hasSize(all.size());
    }

    @Test
    void anUnknownStyleIsRefusedWithTheCataloguesStyles() {
        JsonNode r = call(service, ", \"styles\": [\"Boat\", \"Boat\", \"Pleated\"]");
        assertThat(r.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(r.path("error").path("message").asText()).isEqualTo("styles[2] is \"Pleated\", not a style of this "
                + "model's catalogue; allowed values: \"Bifold\", \"Boat\", \"Cup\", \"Duckbill\"");
        JsonNode strap = call(service, ", \"strap_types\": [\"Velcro\"]");
        assertThat(strap.path("error").path("message").asText()).contains("strap_types[0]")
                .contains("\"Adjustable Earloop\", \"Earloop\", \"Headstrap\"");
    }

    @Test
    void theLegacyFormatStaysAsItWas() throws Exception {
        JsonNode r = call(service, ", \"response_format\": \"breathesafe\", \"limit\": 2");
        JsonNode body = MAPPER.readTree(r.path("body").asText());
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("mask_id", "proba_fit", "model");
    }
}
