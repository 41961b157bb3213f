package org.maskrecommender.training.card;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Inline SVG charts for the model card: drawn here, at publish time, so the page needs no script, font or network.
 * Each curve is one {@code polyline.curve} (its {@code points} one pair per data point) and each calibration bin one
 * {@code g.bin} with its count, so a test or a browser can check what was drawn.
 */
final class Charts {

    private static final int WIDTH = 360;
    private static final int HEIGHT = 260;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 44;
    private static final int PLOT_W = WIDTH - LEFT - RIGHT;
    private static final int PLOT_H = HEIGHT - TOP - BOTTOM;

    private Charts() {
    }

    /** One line of a chart: its name (shown in the legend and {@code data-series}) and its points. */
    record Series(String name, List<Double> x, List<Double> y) {
    }

    /** The axes' ranges. */
    record Range(double xMin, double xMax, double yMin, double yMax) {

        double px(double x) {
            return LEFT + (xMax == xMin ? 0.5 : (x - xMin) / (xMax - xMin)) * PLOT_W;
        }

        double py(double y) {
            return TOP + PLOT_H - (yMax == yMin ? 0.5 : (y - yMin) / (yMax - yMin)) * PLOT_H;
        }
    }

    /**
     * A line chart.
     *
     * @param diagonal whether to draw the y = x reference line (chance for ROC, perfect calibration)
     */
    static void lines(Html h, String id, String title, String xLabel, String yLabel, Range range, List<Series> series,
                      boolean diagonal) {
        open(h, id, title);
        axes(h, range, xLabel, yLabel);
        if (diagonal) {
            h.raw(String.format(Locale.ROOT, "<line class=\"reference\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                    + "y2=\"%.1f\"/>%n", range.px(range.xMin), range.py(range.yMin), range.px(range.xMax),
                    range.py(range.yMax)));
        }
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < line.x().size(); i++) {
                points.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f",
                        range.px(line.x().get(i)), range.py(line.y().get(i))));
            }
            h.raw("<polyline class=\"curve s" + s + "\" data-series=\"").text(line.name())
                    .raw("\" points=\"" + points + "\"/>\n");
        }
        if (series.size() > 1) {
            // a box under the legend, so a curve passing there does not run through its text
            h.raw(String.format(Locale.ROOT, "<rect class=\"legend-box\" x=\"%d\" y=\"%d\" width=\"100\" "
                    + "height=\"%d\"/>", LEFT + 4, TOP + 2, 14 * series.size() + 2));
            for (int s = 0; s < series.size(); s++) {
                int y = TOP + 12 + 14 * s;
                h.raw(String.format(Locale.ROOT, "<line class=\"curve s%d\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                        s, LEFT + 8, y - 4, LEFT + 24, y - 4));
                h.raw(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%d\" y=\"%d\">", LEFT + 28, y))
                        .text(series.get(s).name()).raw("</text>\n");
            }
        }
        h.raw("</svg>\n");
    }

    /**
     * The reliability diagram: per bin, the observed pass rate against the mean predicted probability (a dot, none
     * for an empty bin), over a bar of the bin's row count with the count written on it.
     */
    static void calibration(Html h, String id, String title, JsonNode bins) {
        Range range = new Range(0, 1, 0, 1);
        open(h, id, title);
        axes(h, range, "mean predicted P(pass)", "observed pass rate");
        h.raw(String.format(Locale.ROOT, "<line class=\"reference\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>%n",
                range.px(0), range.py(0), range.px(1), range.py(1)));
        long max = 1;
        for (JsonNode bin : bins) {
            max = Math.max(max, bin.path("count").asLong());
        }
        for (JsonNode bin : bins) {
            double lower = bin.path("lower").asDouble();
            double upper = bin.path("upper").asDouble();
            long count = bin.path("count").asLong();
            double mean = bin.path("mean_predicted").asDouble();
            double observed = bin.path("observed_rate").asDouble();
            // bars use the bottom quarter of the plot, so they stay under most dots
            double barHeight = 0.25 * PLOT_H * count / max;
            double x0 = range.px(lower) + 1;
            double width = range.px(upper) - range.px(lower) - 2;
            h.raw(String.format(Locale.ROOT, "<g class=\"bin\" data-count=\"%d\" data-lower=\"%.2f\" "
                    + "data-upper=\"%.2f\"><title>", count, lower, upper));
            h.text(String.format(Locale.ROOT, "P %.1f–%.1f: %d rows, mean predicted %.3f, observed %.3f", lower,
                    upper, count, mean, observed)).raw("</title>");
            h.raw(String.format(Locale.ROOT, "<rect class=\"count-bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    + "height=\"%.1f\"/>", x0, range.py(0) - barHeight, width, barHeight));
            h.raw(String.format(Locale.ROOT, "<text class=\"count\" x=\"%.1f\" y=\"%.1f\">%d</text>",
                    x0 + width / 2, range.py(0) - barHeight - 2, count));
            if (count > 0) {
                h.raw(String.format(Locale.ROOT, "<circle class=\"observed\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>",
                        range.px(mean), range.py(observed)));
            }
            h.raw("</g>\n");
        }
        h.raw("</svg>\n");
    }

    private static void open(Html h, String id, String title) {
        h.raw("<svg id=\"" + id + "\" class=\"chart\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
                + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\" aria-labelledby=\"" + id
                + "-title\"><title id=\"" + id + "-title\">").text(title).raw("</title>\n");
    }

    private static void axes(Html h, Range r, String xLabel, String yLabel) {
        h.raw(String.format(Locale.ROOT, "<rect class=\"plot\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>%n",
                LEFT, TOP, PLOT_W, PLOT_H));
        for (int k = 0; k <= 4; k++) {
            double x = r.xMin + k * (r.xMax - r.xMin) / 4;
            double y = r.yMin + k * (r.yMax - r.yMin) / 4;
            h.raw(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
                    + "</text>", r.px(x), TOP + PLOT_H + 14, tick(x, r.xMax - r.xMin)));
            h.raw(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s"
                    + "</text>%n", LEFT - 4, r.py(y) + 4, tick(y, r.yMax - r.yMin)));
        }
        h.raw(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", LEFT
                + PLOT_W / 2, HEIGHT - 8)).text(xLabel).raw("</text>");
        h.raw(String.format(Locale.ROOT, "<text class=\"axis\" x=\"12\" y=\"%d\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %d)\">", TOP + PLOT_H / 2, TOP + PLOT_H / 2)).text(yLabel)
                .raw("</text>\n");
    }

    private static String tick(double v, double span) {
        return span > 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
