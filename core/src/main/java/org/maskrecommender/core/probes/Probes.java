package org.maskrecommender.core.probes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;

/**
 * The probe set: behaviour any published model must show, checked before a version is promoted (training) and
 * meant to be checked again on a new Lambda version (the deployer's smoke test can call {@link #check} with
 * {@link ProbeScorer#of}). A bad retrain can keep a good ROC AUC and still send a toddler to adult masks.
 *
 * <ol>
 *   <li>{@value #CHILD_SIZED_MASKS}: a child-sized face ({@value #CHILD_FACE_MM} mm facial perimeter) gets
 *       child-sized masks — at least {@value #MIN_NEAR_IN_TOP} of its top {@value #TOP} have a perimeter within
 *       {@value #NEAR_MIN_DIFF_MM}…+{@value #NEAR_MAX_DIFF_MM} mm of its own (skipped when the catalogue has fewer
 *       such masks);</li>
 *   <li>{@value #SIZE_LADDER}: within a size ladder — the smallest and largest perimeter of a fit family offered
 *       in several sizes, and of each (style, strap type) with several sizes, at least
 *       {@value #LADDER_MIN_STEP_MM} mm apart — the log-odds of the larger over the smaller never fall as the
 *       face grows from 280 to 430 mm (faces where either probability is within 1e-6 of 0 or 1 are not compared:
 *       a float's log-odds mean nothing there);</li>
 *   <li>{@value #BEARD_NEVER_HELPS}: for faces of 300, 370 and 430 mm and up to {@value #MAX_BEARD_MASKS}
 *       catalogue masks, P(pass) never rises with beard length (0, 5, 15, 40 mm).</li>
 * </ol>
 * Faces are made up (the average face's proportions scaled to a perimeter), never a real person's. The set is
 * versioned: change {@link #VERSION} whenever a probe or a threshold changes, so manifests say what was checked.
 */
public final class Probes {

    /** Version of the probe set recorded with every result. */
    public static final String VERSION = "probes-v1";

    public static final String CHILD_SIZED_MASKS = "child_face_gets_child_sized_masks";
    public static final String SIZE_LADDER = "larger_face_prefers_larger_size";
    public static final String BEARD_NEVER_HELPS = "beard_never_raises_fit";

    static final double CHILD_FACE_MM = 300;
    static final double NEAR_MIN_DIFF_MM = -30;
    static final double NEAR_MAX_DIFF_MM = 60;
    static final int TOP = 5;
    static final int MIN_NEAR_IN_TOP = 3;
    static final double[] LADDER_FACES_MM = {280, 310, 340, 370, 400, 430};
    static final double LADDER_MIN_STEP_MM = 10;
    static final int MAX_LADDERS = 40;
    static final double[] BEARD_FACES_MM = {300, 370, 430};
    static final double[] BEARDS_MM = {0, 5, 15, 40};
    static final int MAX_BEARD_MASKS = 200;
    /** Float32 probabilities from ONNX Runtime: differences below these are rounding, not behaviour. */
    private static final double LOG_ODDS_SLACK = 1e-3;
    private static final double PROBABILITY_SLACK = 1e-6;
    private static final double EDGE = 1e-6;
    /** The seal-line measurements of an average adult face (mm): nose, chin, top cheek, mid cheek; sum 373. */
    private static final double[] AVERAGE_FACE_MM = {50, 98, 115, 110};
    private static final double AVERAGE_STRAP_MM = 250;

    private Probes() {
    }

    /** Runs every probe of the set on a model over the masks it would serve. */
    public static ProbeReport check(ProbeScorer scorer, List<Mask> catalogue) {
        List<Mask> masks = catalogue.stream().sorted(Comparator.comparingLong(Mask::id)).toList();
        return new ProbeReport(VERSION, List.of(childSizedMasks(scorer, masks), sizeLadder(scorer, masks),
                beardNeverHelps(scorer, masks)));
    }

    /** A made-up face with the average face's proportions and this facial perimeter (mm). */
    public static FacialMeasurements face(double perimeterMm, double beardMm) {
        double scale = perimeterMm / (AVERAGE_FACE_MM[0] + AVERAGE_FACE_MM[1] + AVERAGE_FACE_MM[2] + AVERAGE_FACE_MM[3]);
        return new FacialMeasurements(AVERAGE_FACE_MM[0] * scale, AVERAGE_FACE_MM[1] * scale,
                AVERAGE_FACE_MM[2] * scale, AVERAGE_FACE_MM[3] * scale, AVERAGE_STRAP_MM * scale, beardMm);
    }

    static ProbeResult childSizedMasks(ProbeScorer scorer, List<Mask> masks) {
        long near = masks.stream().filter(Probes::childSized).count();
        if (near < MIN_NEAR_IN_TOP) {
            return new ProbeResult(CHILD_SIZED_MASKS, ProbeResult.SKIPPED, String.format(Locale.ROOT,
                    "the catalogue has %d masks within %.0f…+%.0f mm of a %.0f mm face; %d needed", near,
                    NEAR_MIN_DIFF_MM, NEAR_MAX_DIFF_MM, CHILD_FACE_MM, MIN_NEAR_IN_TOP));
        }
        double[] p = scorer.probabilities(face(CHILD_FACE_MM, 0), masks);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < masks.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingLong(i -> masks.get(i).id()));
        List<Mask> top = order.subList(0, Math.min(TOP, order.size())).stream().map(masks::get).toList();
        long nearInTop = top.stream().filter(Probes::childSized).count();
        String detail = String.format(Locale.ROOT, "%d of the top %d for a %.0f mm face are within %.0f…+%.0f mm "
                + "(need %d): %s", nearInTop, top.size(), CHILD_FACE_MM, NEAR_MIN_DIFF_MM, NEAR_MAX_DIFF_MM,
                MIN_NEAR_IN_TOP, describe(top));
        return new ProbeResult(CHILD_SIZED_MASKS, nearInTop >= MIN_NEAR_IN_TOP ? ProbeResult.PASSED
                : ProbeResult.FAILED, detail);
    }

    private static boolean childSized(Mask m) {
        double d = m.perimeterMm() - CHILD_FACE_MM;
        return d >= NEAR_MIN_DIFF_MM && d <= NEAR_MAX_DIFF_MM;
    }

    /** A pair of sizes: the smaller and the larger. */
    private record Ladder(String name, Mask small, Mask large) {
    }

    static ProbeResult sizeLadder(ProbeScorer scorer, List<Mask> masks) {
        List<Ladder> ladders = ladders(masks);
        if (ladders.isEmpty()) {
            return new ProbeResult(SIZE_LADDER, ProbeResult.SKIPPED,
                    "no fit family or style and strap type is offered in sizes at least "
                            + (int) LADDER_MIN_STEP_MM + " mm apart");
        }
        List<Mask> pairs = new ArrayList<>();
        ladders.forEach(l -> {
            pairs.add(l.small());
            pairs.add(l.large());
        });
        double[][] p = new double[LADDER_FACES_MM.length][];
        for (int f = 0; f < LADDER_FACES_MM.length; f++) {
            p[f] = scorer.probabilities(face(LADDER_FACES_MM[f], 0), pairs);
        }
        int compared = 0;
        for (int l = 0; l < ladders.size(); l++) {
            Double previous = null;
            int previousFace = -1;
            for (int f = 0; f < LADDER_FACES_MM.length; f++) {
                double small = p[f][2 * l];
                double large = p[f][2 * l + 1];
                if (!inside(small) || !inside(large)) {
                    previous = null;
                    continue;
                }
                double preference = logit(large) - logit(small);
                if (previous != null) {
                    compared++;
                    if (preference < previous - LOG_ODDS_SLACK) {
                        Ladder ladder = ladders.get(l);
                        return new ProbeResult(SIZE_LADDER, ProbeResult.FAILED, String.format(Locale.ROOT,
                                "%s: the preference for %s over %s falls from a %.0f mm face to a %.0f mm face "
                                        + "(log-odds %.3f → %.3f)", ladder.name(), describe(ladder.large()),
                                describe(ladder.small()), LADDER_FACES_MM[previousFace], LADDER_FACES_MM[f],
                                previous, preference));
                    }
                }
                previous = preference;
                previousFace = f;
            }
        }
        return new ProbeResult(SIZE_LADDER, ProbeResult.PASSED, String.format(Locale.ROOT,
                "%d size ladders, %d steps of face size compared", ladders.size(), compared));
    }

    /** Fit families offered in several sizes first, then (style, strap type) groups; at most {@link #MAX_LADDERS}. */
    private static List<Ladder> ladders(List<Mask> masks) {
        Map<String, List<Mask>> groups = new LinkedHashMap<>();
        for (Mask m : masks) {
            if (m.fitFamilyId() != null) {
                groups.computeIfAbsent("fit family " + m.fitFamilyId(), k -> new ArrayList<>()).add(m);
            }
        }
        for (Mask m : masks) {
            groups.computeIfAbsent("style " + m.style() + ", strap " + m.strapType(), k -> new ArrayList<>()).add(m);
        }
        List<Ladder> ladders = new ArrayList<>();
        for (Map.Entry<String, List<Mask>> g : groups.entrySet()) {
            Mask small = g.getValue().stream().min(Comparator.comparingDouble(Mask::perimeterMm)).orElseThrow();
            Mask large = g.getValue().stream().max(Comparator.comparingDouble(Mask::perimeterMm)).orElseThrow();
            if (large.perimeterMm() - small.perimeterMm() >= LADDER_MIN_STEP_MM
                    && Objects.equals(small.style(), large.style()) && ladders.size() < MAX_LADDERS) {
                ladders.add(new Ladder(g.getKey(), small, large));
            }
        }
        return ladders;
    }

    static ProbeResult beardNeverHelps(ProbeScorer scorer, List<Mask> masks) {
        if (masks.isEmpty()) {
            return new ProbeResult(BEARD_NEVER_HELPS, ProbeResult.SKIPPED, "no masks");
        }
        List<Mask> sample = new ArrayList<>();
        int take = Math.min(MAX_BEARD_MASKS, masks.size());
        for (int k = 0; k < take; k++) {
            sample.add(masks.get((int) ((long) k * masks.size() / take)));
        }
        for (double faceMm : BEARD_FACES_MM) {
            double[] before = scorer.probabilities(face(faceMm, BEARDS_MM[0]), sample);
            for (int b = 1; b < BEARDS_MM.length; b++) {
                double[] after = scorer.probabilities(face(faceMm, BEARDS_MM[b]), sample);
                for (int i = 0; i < sample.size(); i++) {
                    if (after[i] > before[i] + PROBABILITY_SLACK) {
                        return new ProbeResult(BEARD_NEVER_HELPS, ProbeResult.FAILED, String.format(Locale.ROOT,
                                "%s, %.0f mm face: P(pass) rises from %.4f with a %.0f mm beard to %.4f with %.0f mm",
                                describe(sample.get(i)), faceMm, before[i], BEARDS_MM[b - 1], after[i], BEARDS_MM[b]));
                    }
                }
                before = after;
            }
        }
        return new ProbeResult(BEARD_NEVER_HELPS, ProbeResult.PASSED, String.format(Locale.ROOT,
                "%d masks × %d faces × beards %s mm", sample.size(), BEARD_FACES_MM.length,
                java.util.Arrays.toString(BEARDS_MM)));
    }

    private static boolean inside(double p) {
        return p > EDGE && p < 1 - EDGE;
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static String describe(List<Mask> masks) {
        return String.join(", ", masks.stream().map(Probes::describe).toList());
    }

    private static String describe(Mask m) {
        return String.format(Locale.ROOT, "mask %d (%.0f mm)", m.id(), m.perimeterMm());
    }
}
