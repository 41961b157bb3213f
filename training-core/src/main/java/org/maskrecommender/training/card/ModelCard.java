package org.maskrecommender.training.card;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.maskrecommender.core.store.Manifest;

/**
 * The model card ({@link Manifest#CARD_FILE}): one self-contained HTML page that shows a version to the people who
 * decide whether it is good enough — where it came from, how the candidates compared, its evaluation-set metrics
 * with ROC, precision–recall and calibration charts, subgroups and probes, the quality gate's evidence, and the size
 * curves it learned.
 *
 * <p>Drawn from the manifest alone (the curve points and size curves are kept in its {@code metrics} block), so a
 * card can be drawn again for any version; blocks a manifest lacks (versions published before cards) are shown as
 * "not recorded". The page has inline CSS and inline SVG only: no script, font, image or link to fetch, so it opens
 * offline from a file or an email attachment. Every string from the manifest is escaped ({@link Html}).
 */
public final class ModelCard {

    /** Where the curve points live in the manifest's {@code metrics} block. */
    public static final String CURVES_FIELD = "held_out_curves";
    /** Where the size curves live in the manifest's {@code metrics} block. */
    public static final String SIZE_CURVES_FIELD = "size_curves";

    private static final String NOT_RECORDED = "not recorded for this version";
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:70rem;\
            padding:1rem;color:#1b1f24;line-height:1.4}
            h1{font-size:1.5rem;word-break:break-all}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccd}
            table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .6rem;border-bottom:1px solid #e3e6ea;\
            text-align:left;vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .wrap{overflow-x:auto}.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}
            figcaption{font-size:.9rem;color:#444}svg.chart{max-width:100%;height:auto;font-size:11px}
            .plot{fill:#fafbfc;stroke:#99a}.reference{stroke:#99a;stroke-dasharray:4 3}
            .curve{fill:none;stroke-width:2}.s0{stroke:#1f6feb}.s1{stroke:#d1242f}.s2{stroke:#1a7f37}.s3{stroke:#8250df}
            .legend-box{fill:#fff;opacity:.85}.count-bar{fill:#d0d7de}.observed{fill:#1f6feb}.count{font-size:9px;text-anchor:middle}
            .pass{color:#1a7f37;font-weight:bold}.fail{color:#d1242f;font-weight:bold}code{word-break:break-all}
            """;

    private final ObjectMapper mapper;

    public ModelCard(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The card of this manifest, as UTF-8 bytes. */
    public byte[] render(Manifest manifest) {
        return renderHtml(manifest).getBytes(StandardCharsets.UTF_8);
    }

    /** The card of this manifest. */
    public String renderHtml(Manifest manifest) {
        return renderHtml(manifest, null);
    }

    /**
     * The card of this manifest, with these size curves instead of the manifest's: for a version published before
     * cards, whose manifest has none, scored again from its model (null: the manifest's).
     */
    public String renderHtml(Manifest manifest, SizeCurveReport sizeCurves) {
        ObjectNode m = mapper.valueToTree(manifest);
        if (sizeCurves != null) {
            (m.path("metrics").isObject() ? (ObjectNode) m.path("metrics") : m.putObject("metrics"))
                    .set(SIZE_CURVES_FIELD, mapper.valueToTree(sizeCurves));
        }
        JsonNode metrics = m.path("metrics");
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/><title>");
        h.text("Model card " + manifest.version()).raw("</title><style>").raw(STYLE).raw("</style></head>\n<body>\n");
        h.raw("<header><h1>").text("Model card: " + manifest.version()).raw("</h1><p>")
                .text("Mask fit recommender, " + Html.text(m.path("environment")) + ". Everything below is from the "
                        + "version's manifest.json; the evaluation set is users no published model trained on.")
                .raw("</p></header>\n");
        provenance(h, m);
        candidates(h, metrics, m.path("trainer"));
        evaluation(h, metrics);
        subgroups(h, metrics);
        probes(h, metrics.path("probes"));
        gate(h, m.path("promotion"));
        sizeCurves(h, metrics.path(SIZE_CURVES_FIELD));
        h.raw("</body></html>\n");
        return h.toString();
    }

    private static void provenance(Html h, JsonNode m) {
        JsonNode data = m.path("training_data");
        JsonNode rows = data.path("rows");
        JsonNode split = m.path("trainer").path("split");
        h.raw("<section id=\"provenance\"><h2>Version</h2><div class=\"wrap\"><table>\n");
        h.row("Version", Html.text(m.path("version")));
        h.row("Environment", Html.text(m.path("environment")));
        h.row("Created (UTC)", Html.text(m.path("created_at")));
        h.row("Trigger", Html.text(m.path("trainer").path("trigger")));
        h.row("Code git sha", Html.text(m.path("code").path("git_sha")));
        h.row("Data", Html.text(data.path("location")));
        h.row("Data sha256", Html.text(data.path("sha256")));
        h.row("Catalogue", Html.text(data.path("catalogue_location")));
        h.row("Catalogue sha256", Html.text(data.path("catalogue_sha256")));
        h.row("Rows read", Html.number(rows.path("read")));
        h.row("Rows kept", Html.number(rows.path("kept")));
        for (Iterator<Map.Entry<String, JsonNode>> it = rows.path("dropped").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            h.row("Dropped: " + e.getKey(), Html.number(e.getValue()));
        }
        h.row("Users (training)", Html.number(split.path("training_users")));
        h.row("Users (evaluation set)", Html.number(split.path("evaluation_users")));
        h.row("Masks scored", Html.number(data.path("masks")));
        h.row("Catalogue entries without a perimeter", Html.number(data.path("catalogue_entries_without_perimeter")));
        h.raw("</table></div></section>\n");
    }

    private static void candidates(Html h, JsonNode metrics, JsonNode trainer) {
        JsonNode cv = metrics.path("cross_validation");
        h.raw("<section id=\"candidates\"><h2>Candidates (user-grouped cross-validation)</h2>\n");
        h.element("p", "Chosen: " + Html.text(cv.path("chosen_label").isMissingNode() ? trainer.path("candidate")
                : cv.path("chosen_label")) + " — " + Html.text(cv.path("chosen_by")) + "; "
                + Html.text(cv.path("folds")) + " folds grouped by " + Html.text(cv.path("grouped_by")) + ".");
        h.raw("<div class=\"wrap\"><table id=\"candidate-table\"><thead>");
        h.headerRow("Candidate", "Hyper-parameters", "mean ROC AUC", "ROC AUC per fold", "pooled log loss",
                "pooled ECE").raw("</thead><tbody>\n");
        for (JsonNode c : cv.path("candidates")) {
            List<String> folds = new ArrayList<>();
            c.path("roc_auc_folds").forEach(f -> folds.add(Html.number(f)));
            // names repeat over a grid (one trainer, several settings): the label tells the grid's points apart
            boolean chosen = cv.has("chosen_label") ? c.path("label").equals(cv.path("chosen_label"))
                    : c.path("name").equals(cv.path("chosen"));
            h.row(Html.text(c.path("name")) + (chosen ? " (chosen)" : ""),
                    pairs(c.path("hyperparameters")), Html.number(c.path("roc_auc_mean")), String.join(" ", folds),
                    Html.number(c.path("pooled_out_of_fold").path("log_loss")),
                    Html.number(c.path("pooled_out_of_fold").path("expected_calibration_error")));
        }
        h.raw("</tbody></table></div>\n");
        h.element("p", "Hyper-parameters chosen: " + pairs(trainer.path("hyperparameters")) + " (trained by "
                + Html.text(trainer.path("library")) + " on " + Html.number(trainer.path("training_rows")) + " rows).");
        h.raw("</section>\n");
    }

    private void evaluation(Html h, JsonNode metrics) {
        JsonNode held = metrics.path("held_out");
        h.raw("<section id=\"evaluation\"><h2>Evaluation set</h2>\n");
        h.element("p", Html.number(held.path("rows")) + " fit tests of " + Html.number(held.path("users"))
                + " users (" + Html.number(held.path("positives")) + " passed).");
        h.raw("<table id=\"metrics-table\">");
        h.row("ROC AUC", Html.number(held.path("roc_auc")));
        h.row("PR AUC (average precision)", Html.number(held.path("pr_auc")));
        h.row("Log loss", Html.number(held.path("log_loss")));
        h.row("Brier", Html.number(held.path("brier")));
        h.row("Expected calibration error", Html.number(held.path("expected_calibration_error")));
        h.row("Top-1 hit rate", Html.number(held.path("top1_hit_rate")));
        h.row("Top-3 hit rate", Html.number(held.path("top3_hit_rate")));
        h.raw("</table>\n<div class=\"charts\">\n");
        JsonNode curves = metrics.path(CURVES_FIELD);
        Charts.Range unit = new Charts.Range(0, 1, 0, 1);
        figure(h, "ROC curve", !curves.path("roc").path("false_positive_rate").isEmpty(), () ->
                Charts.lines(h, "roc-chart", "ROC curve", "false positive rate", "true positive rate", unit,
                        List.of(new Charts.Series("model", doubles(curves.path("roc").path("false_positive_rate")),
                                doubles(curves.path("roc").path("true_positive_rate")))), true));
        figure(h, "Precision–recall curve", !curves.path("precision_recall").path("recall").isEmpty(), () ->
                Charts.lines(h, "pr-chart", "Precision–recall curve", "recall", "precision", unit,
                        List.of(new Charts.Series("model", doubles(curves.path("precision_recall").path("recall")),
                                doubles(curves.path("precision_recall").path("precision")))), false));
        figure(h, "Calibration (reliability) with each bin's row count",
                !held.path("calibration_bins").isEmpty(), () -> Charts.calibration(h, "calibration-chart",
                        "Calibration: observed pass rate against predicted P(pass)", held.path("calibration_bins")));
        h.raw("</div></section>\n");
    }

    private static void figure(Html h, String caption, boolean present, Runnable chart) {
        h.raw("<figure>");
        if (present) {
            chart.run();
        }
        h.element("figcaption", caption + (present ? "" : ": " + NOT_RECORDED)).raw("</figure>\n");
    }

    private static void subgroups(Html h, JsonNode metrics) {
        JsonNode groups = metrics.path("subgroups");
        h.raw("<section id=\"subgroups\"><h2>Subgroups of the evaluation set</h2>\n");
        if (groups.isEmpty()) {
            h.element("p", "Subgroups: " + NOT_RECORDED + ".").raw("</section>\n");
            return;
        }
        h.raw("<div class=\"wrap\"><table id=\"subgroup-table\"><thead>");
        h.headerRow("Subgroup", "Definition", "Rows", "Users", "Passed", "ROC AUC", "Log loss", "ECE")
                .raw("</thead><tbody>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = groups.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode g = e.getValue();
            h.row(e.getKey(), Html.text(metrics.path("subgroup_definitions").path(e.getKey())),
                    Html.number(g.path("rows")), Html.number(g.path("users")), Html.number(g.path("positives")),
                    Html.number(g.path("roc_auc")), Html.number(g.path("log_loss")),
                    Html.number(g.path("expected_calibration_error")));
        }
        h.raw("</tbody></table></div></section>\n");
    }

    private static void probes(Html h, JsonNode probes) {
        h.raw("<section id=\"probes\"><h2>Probes</h2>\n");
        if (probes.path("results").isEmpty()) {
            h.element("p", "Probe results: " + NOT_RECORDED + ".").raw("</section>\n");
            return;
        }
        h.element("p", "Probe set " + Html.text(probes.path("version")) + ": behaviour every published model must "
                + "show.");
        h.raw("<div class=\"wrap\"><table id=\"probe-table\"><thead>");
        h.headerRow("Probe", "Status", "Detail").raw("</thead><tbody>\n");
        for (JsonNode r : probes.path("results")) {
            String status = Html.text(r.path("status"));
            h.raw("<tr><th scope=\"row\">").text(Html.text(r.path("name"))).raw("</th><td class=\"")
                    .raw("failed".equals(status) ? "fail" : "pass").raw("\">").text(status).raw("</td><td>")
                    .text(Html.text(r.path("detail"))).raw("</td></tr>\n");
        }
        h.raw("</tbody></table></div></section>\n");
    }

    private static void gate(Html h, JsonNode gate) {
        h.raw("<section id=\"gate\"><h2>Quality gate</h2>\n");
        if (gate.isMissingNode() || gate.isNull()) {
            h.element("p", "The gate's decision: " + NOT_RECORDED + ".").raw("</section>\n");
            return;
        }
        boolean promoted = gate.path("promoted").asBoolean();
        h.raw("<p id=\"gate-decision\" class=\"" + (promoted ? "pass" : "fail") + "\">")
                .text((promoted ? "Promoted" : "Not promoted") + (gate.path("forced").asBoolean() ? " (forced)" : ""))
                .raw("</p>\n");
        h.element("p", Html.text(gate.path("reason")));
        if (!gate.path("failed_checks").isEmpty()) {
            h.element("p", "Failed checks: " + Html.text(gate.path("failed_checks")));
        }
        String deployedName = gate.path("compared_to").isTextual() ? "deployed: " + gate.path("compared_to").asText()
                : "deployed (none)";
        JsonNode mine = gate.path("candidate");
        JsonNode theirs = gate.path("deployed");
        h.raw("<div class=\"wrap\"><table id=\"gate-table\"><thead>");
        h.headerRow("On the evaluation set", "this version", deployedName).raw("</thead><tbody>\n");
        for (String[] metric : new String[][] {{"ROC AUC", "roc_auc"}, {"PR AUC", "pr_auc"}, {"Log loss", "log_loss"},
                {"Brier", "brier"}, {"Expected calibration error", "expected_calibration_error"},
                {"Top-1 hit rate", "top1_hit_rate"}, {"Top-3 hit rate", "top3_hit_rate"}}) {
            h.row(metric[0], Html.number(mine.path(metric[1])), Html.number(theirs.path(metric[1])));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = gate.path("candidate_subgroups").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            h.row("ROC AUC, " + e.getKey(), Html.number(e.getValue().path("roc_auc")),
                    Html.number(gate.path("deployed_subgroups").path(e.getKey()).path("roc_auc")));
        }
        h.raw("</tbody></table></div>\n");
        h.element("p", "Settings: " + pairs(gate.path("settings")));
        h.raw("</section>\n");
    }

    private static void sizeCurves(Html h, JsonNode report) {
        h.raw("<section id=\"size-curves\"><h2>Size curves</h2>\n");
        if (report.path("styles").isEmpty()) {
            h.element("p", "Size curves: " + NOT_RECORDED + ".").raw("</section>\n");
            return;
        }
        List<String> faces = new ArrayList<>();
        StringBuilder described = new StringBuilder();
        for (JsonNode f : report.path("faces")) {
            faces.add(f.path("name").asText());
            described.append(described.length() == 0 ? "" : ", ").append(f.path("name").asText()).append(" (")
                    .append(String.format(Locale.ROOT, "%.0f", f.path("facial_perimeter_mm").asDouble()))
                    .append(" mm)");
        }
        h.element("p", "P(pass) as the mask's perimeter changes, for made-up reference faces: " + described
                + "; per style, a mask of that style with no strap type or fit family, scored through the exported "
                + "ONNX model. A face's best mask is near the top of its curve.");
        h.raw("<div class=\"charts\">\n");
        int k = 0;
        for (JsonNode style : report.path("styles")) {
            String name = style.path("style").asText();
            List<Double> x = doubles(style.path("perimeters_mm"));
            List<Charts.Series> series = new ArrayList<>();
            for (String face : faces) {
                series.add(new Charts.Series(face, x, doubles(style.path("probabilities").path(face))));
            }
            double xMin = x.isEmpty() ? 0 : x.get(0);
            double xMax = x.isEmpty() ? 1 : x.get(x.size() - 1);
            h.raw("<figure class=\"size-curve\" data-style=\"").text(name).raw("\">");
            Charts.lines(h, "size-curve-" + k++, "Size curve: " + name, "mask perimeter (mm)", "P(pass)",
                    new Charts.Range(xMin, xMax, 0, 1), series, false);
            h.element("figcaption", name).raw("</figure>\n");
        }
        h.raw("</div></section>\n");
    }

    /** An object's fields as {@code key=value, …}; "—" when absent. */
    private static String pairs(JsonNode object) {
        if (!object.isObject()) {
            return Html.text(object);
        }
        List<String> out = new ArrayList<>();
        object.fields().forEachRemaining(e -> out.add(e.getKey() + "=" + Html.text(e.getValue())));
        return String.join(", ", out);
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>(array.size());
        array.forEach(v -> out.add(v.asDouble()));
        return out;
    }
}
