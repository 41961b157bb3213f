package org.maskrecommender.core.domain;

/**
 * The six facial measurements, with the export/request field name of each and the range a real face
 * scan can produce. Values outside the range are treated as measurement errors: training drops the
 * row ({@code implausible_measurement}) and inference refuses the request, rather than extrapolate.
 *
 * <p>Ranges are deliberately wide (children through large adults, long beards) and are in millimetres.
 */
public enum Measurement {
    NOSE("nose_mm", 10, 120),
    CHIN("chin_mm", 20, 250),
    TOP_CHEEK("top_cheek_mm", 30, 300),
    MID_CHEEK("mid_cheek_mm", 30, 300),
    STRAP("strap_mm", 50, 600),
    BEARD("facial_hair_beard_length_mm", 0, 300);

    private final String field;
    private final double minMm;
    private final double maxMm;

    Measurement(String field, double minMm, double maxMm) {
        this.field = field;
        this.minMm = minMm;
        this.maxMm = maxMm;
    }

    /** The JSON/CSV field name, e.g. {@code nose_mm}. */
    public String field() {
        return field;
    }

    /** Smallest plausible value (mm), inclusive. */
    public double minMm() {
        return minMm;
    }

    /** Largest plausible value (mm), inclusive. */
    public double maxMm() {
        return maxMm;
    }

    /** True when the value is finite and inside the plausible range. */
    public boolean isPlausible(double valueMm) {
        return Double.isFinite(valueMm) && valueMm >= minMm && valueMm <= maxMm;
    }

    /** Human-readable rule, used in error messages. */
    public String rule() {
        return field + " must be a number of millimetres between " + fmt(minMm) + " and " + fmt(maxMm);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
