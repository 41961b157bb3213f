package org.maskrecommender.training.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.probes.ProbeReport;
import org.maskrecommender.core.probes.ProbeResult;
import org.maskrecommender.core.store.Manifest;
import org.maskrecommender.training.evaluation.Curves;
import org.maskrecommender.training.evaluation.Metrics;
import org.maskrecommender.training.evaluation.SubgroupReport;

class ModelCardTest {

    private static final String HOSTILE = "<script>alert('x')</script>&\"";
    private static final String VERSION = "20261128T050012Z-3f9a1c2e";

    private final ObjectMapper mapper = Json.newMapper();
    private final ModelCard card = new ModelCard(mapper);

    /** A manifest with every block the card draws; mask style, data location and a probe detail are hostile. */
    private Manifest manifest() {
        double[] p = {0.95, 0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.05, 0.05};
        boolean[] passed = {true, true, false, true, true, false, false, true, false, false, false};
        ObjectNode metrics = mapper.createObjectNode();
        ObjectNode held = metrics.putObject("held_out").put("rows", 11).put("users", 4).put("positives", 5)
                .put("roc_auc", Metrics.rocAuc(p, passed)).put("log_loss", Metrics.logLoss(p, passed));
        held.set("calibration_bins", mapper.valueToTree(Metrics.calibration(p, passed)));
        metrics.set(ModelCard.CURVES_FIELD, mapper.valueToTree(Curves.of(p, passed)));
        metrics.set("subgroups", mapper.valueToTree(Map.of("small_face", new SubgroupReport(5, 2, 2, 0.7, 0.5, 0.1),
                "bearded", new SubgroupReport(6, 2, 3, 0.6, 0.6, 0.2))));
        metrics.set("probes", mapper.valueToTree(new ProbeReport("probes-v1", List.of(
                new ProbeResult("child_face_gets_child_sized_masks", ProbeResult.PASSED, "top 5 of " + HOSTILE),
                new ProbeResult("larger_face_prefers_larger_size", ProbeResult.FAILED, "ladder"),
                new ProbeResult("beard_never_raises_fit", ProbeResult.SKIPPED, "none")))));
        ObjectNode cv = metrics.putObject("cross_validation").put("chosen", "logistic_regression").put("folds", 5);
        cv.putArray("candidates").addObject().put("name", "logistic_regression").put("roc_auc_mean", 0.8)
                .putArray("roc_auc_folds").add(0.79).add(0.81);
        List<Mask> catalogue = List.of(new Mask(1, "a", null, 350, "Boat", null),
                new Mask(2, "b", null, 420, "Boat", null), new Mask(3, HOSTILE, null, 380, HOSTILE, null));
        // a made-up model: best where the mask is as long as the face
        metrics.set(ModelCard.SIZE_CURVES_FIELD, mapper.valueToTree(SizeCurveReport.compute((face, masks) ->
                masks.stream().mapToDouble(m -> Math.exp(-Math.pow((m.perimeterMm() - face.facialPerimeterMm())
                        / 30, 2))).toArray(), catalogue)));
        ObjectNode data = mapper.createObjectNode().put("location", "https://example.com/" + HOSTILE)
                .put("sha256", "ab".repeat(32)).put("masks", 3);
        data.set("rows", mapper.valueToTree(Map.of("read", 20, "kept", 11, "dropped", Map.of("mask_modded", 9))));
        ObjectNode trainer = mapper.createObjectNode().put("trigger", "schedule").put("candidate",
                "logistic_regression");
        trainer.putObject("hyperparameters").put("epochs", 8);
        ObjectNode promotion = mapper.createObjectNode().put("promoted", false).put("forced", false)
                .put("reason", "not promoted: ROC AUC " + HOSTILE).put("compared_to", "20261121T050012Z-00000000");
        promotion.putObject("candidate").put("roc_auc", 0.8);
        promotion.putObject("deployed").put("roc_auc", 0.85);
        return new Manifest(VERSION, Environment.STAGING, Instant.parse("2026-11-28T05:00:12Z"), null, List.of(),
                null, null, List.of(), metrics, data, mapper.createObjectNode().put("git_sha", "cafe01"), trainer,
                promotion);
    }

    @Test
    void drawsEveryChartAndTableFromTheManifest() {
        Manifest m = manifest();
        Document doc = CardChecks.parse(card.renderHtml(m));

        assertThat(doc.select("#provenance").text()).contains(VERSION).contains("staging").contains("schedule")
                .contains("cafe01").contains("ab".repeat(32)).contains("Dropped: mask_modded 9");
        int rocPoints = m.metrics().path(ModelCard.CURVES_FIELD).path("roc").path("false_positive_rate").size();
        assertThat(rocPoints).isGreaterThan(3);
        assertThat(doc.select("svg#roc-chart polyline.curve")).hasSize(1).first()
                .satisfies(line -> assertThat(CardChecks.points(line)).isEqualTo(rocPoints));
        assertThat(doc.select("svg#pr-chart polyline.curve")).hasSize(1).first().satisfies(line ->
                assertThat(CardChecks.points(line)).isEqualTo(rocPoints - 1));
        assertThat(doc.select("svg#calibration-chart g.bin")).hasSize(Metrics.CALIBRATION_BINS)
                .extracting(bin -> Integer.parseInt(bin.attr("data-count")))
                .containsExactlyElementsOf(m.metrics().path("held_out").path("calibration_bins").findValues("count")
                        .stream().map(n -> n.asInt()).toList());
        assertThat(doc.select("svg#calibration-chart g.bin text.count").eachText().stream()
                .mapToInt(Integer::parseInt).sum()).isEqualTo(11);
        assertThat(doc.select("#subgroup-table tbody tr")).hasSize(2);
        assertThat(doc.select("#probe-table tbody tr")).hasSize(3);
        assertThat(doc.select("#probe-table td.fail").eachText()).containsExactly("failed");
        assertThat(doc.select("#candidate-table tbody tr").text()).contains("logistic_regression (chosen)");
        assertThat(doc.select("#gate-decision").text()).isEqualTo("Not promoted");
        assertThat(doc.select("#gate-table").text()).contains("0.8000").contains("0.8500")
                .contains("20261121T050012Z-00000000");
        List<Element> styles = doc.select("figure.size-curve");
        assertThat(styles).extracting(f -> f.attr("data-style")).containsExactlyInAnyOrder("Boat", HOSTILE);
        for (Element figure : styles) {
            assertThat(figure.select("polyline.curve")).extracting(l -> l.attr("data-series"))
                    .containsExactly("child", "adult", "large adult");
            assertThat(figure.select("polyline.curve")).allSatisfy(l -> assertThat(CardChecks.points(l)).isGreaterThan(5));
        }
    }

    @Test
    void everyStringFromDataIsEscaped() throws Exception {
        String html = card.renderHtml(manifest());
        Document doc = CardChecks.parse(html);

        assertThat(html).doesNotContain("<script");
        assertThat(doc.select("script")).isEmpty();
        // the hostile text is shown as text, where it came in
        assertThat(doc.select("#provenance").text()).contains("https://example.com/" + HOSTILE);
        assertThat(doc.select("#probe-table").text()).contains(HOSTILE);
        assertThat(doc.select("#gate").text()).contains(HOSTILE);
        assertThat(doc.select("figure.size-curve figcaption").eachText()).contains(HOSTILE);
        CardChecks.assertWellFormed(html);
    }

    @Test
    void theCardFetchesNothing() {
        CardChecks.assertSelfContained(card.renderHtml(manifest()));
    }

    @Test
    void aManifestFromBeforeCardsStillDrawsWhatItHas() throws Exception {
        ObjectNode metrics = mapper.createObjectNode();
        metrics.putObject("held_out").put("roc_auc", 0.81).set("calibration_bins",
                mapper.valueToTree(Metrics.calibration(new double[] {0.2, 0.8}, new boolean[] {false, true})));
        Manifest old = new Manifest(VERSION, Environment.PRODUCTION, Instant.parse("2026-11-28T05:00:12Z"), null,
                List.of(), null, null, List.of(), metrics, null, null, null, null);

        String html = card.renderHtml(old);
        Document doc = CardChecks.parse(html);

        assertThat(doc.select("#metrics-table").text()).contains("0.8100");
        assertThat(doc.select("svg#roc-chart")).isEmpty();
        assertThat(doc.select("svg#calibration-chart g.bin")).hasSize(Metrics.CALIBRATION_BINS);
        assertThat(doc.select("#evaluation figcaption").text()).contains("ROC curve: not recorded");
        assertThat(doc.select("#size-curves").text()).contains("not recorded");
        assertThat(doc.select("#gate").text()).contains("not recorded");
        CardChecks.assertWellFormed(html);
        CardChecks.assertSelfContained(html);
    }
}
