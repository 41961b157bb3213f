package org.maskrecommender.core.sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.maskrecommender.core.data.FitTestRow;
import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.Mask;

/**
 * A seeded synthetic world of masks and the people who test them: the sample data of the main job
 * and the tests. The same seed gives the same masks and truth; users are drawn from their own seed,
 * so tests can train on one crowd and evaluate on fresh people from the same world.
 *
 * <p>Ground truth (see {@link GroundTruth}): masks come in fit families of 1–3 colours sharing
 * style, strap and perimeter; 15% of families are children's sizes (perimeter ≈ 315 ± 15 mm), the
 * rest adult (≈ 385 ± 25 mm). 15% of people are children (face scale ≈ 0.80), the rest adults
 * (≈ 1.00 ± 0.06); a quarter of adults have a beard (length exponential, mean 12 mm). Each person
 * tries 4–12 distinct masks. The pass probability is driven by how the mask's perimeter fits the
 * facial perimeter for its style, plus strap, family and beard effects, plus a per-person offset
 * u ~ N(0, 0.7²).
 *
 * <p>With {@code dirty}, the rows also carry what real exports do — modded masks (2%), masks with
 * no perimeter, people with a missing or implausible measurement, duplicated exports of one test,
 * unreadable results, rows without a user — so cleaning has every reason to drop something.
 */
public final class SyntheticWorld {

    /** Standard deviation of the per-person logit offset. */
    public static final double USER_OFFSET_SD = 0.7;

    private static final String[] BRANDS = {"Aero", "Breeze", "Clearline", "Dawn", "Everfit", "Fjord", "Granite",
            "Harbor", "Iris", "Juniper"};
    private static final String[] COLOURS = {"White", "Black", "Blue"};

    private final List<Mask> masks;
    private final Set<Long> unmeasuredMaskIds;
    private final GroundTruth truth;

    SyntheticWorld(List<Mask> masks, Set<Long> unmeasuredMaskIds, GroundTruth truth) {
        this.masks = List.copyOf(masks);
        this.unmeasuredMaskIds = Set.copyOf(unmeasuredMaskIds);
        this.truth = truth;
    }

    /**
     * @param seed     seed of the masks and the truth
     * @param families number of fit families (each 1–3 masks)
     */
    public static SyntheticWorld create(long seed, int families) {
        return create(seed, families, 0);
    }

    /**
     * A world whose families all come in the same number of colours, so the catalogue's size is exact
     * ({@code families × coloursPerFamily} masks): what benchmarks of a catalogue size need.
     *
     * @param coloursPerFamily masks per family, 1–3; 0: 1–3 drawn per family (as {@link #create(long, int)})
     */
    public static SyntheticWorld create(long seed, int families, int coloursPerFamily) {
        if (coloursPerFamily < 0 || coloursPerFamily > COLOURS.length) {
            throw new IllegalArgumentException("colours per family must be 0–" + COLOURS.length + ", got "
                    + coloursPerFamily);
        }
        Random rnd = new Random(seed);
        GroundTruth.Style[] styles = {GroundTruth.Style.BIFOLD, GroundTruth.Style.BOAT, GroundTruth.Style.CUP,
                GroundTruth.Style.DUCKBILL};
        GroundTruth.Strap[] straps = {GroundTruth.Strap.HEADSTRAP, GroundTruth.Strap.ADJUSTABLE_EARLOOP,
                GroundTruth.Strap.EARLOOP};
        List<Mask> masks = new ArrayList<>();
        Map<Long, Double> familyEffects = new HashMap<>();
        long maskId = 1;
        for (long family = 1; family <= families; family++) {
            GroundTruth.Style style = styles[rnd.nextInt(styles.length)];
            GroundTruth.Strap strap = straps[rnd.nextInt(straps.length)];
            boolean kids = rnd.nextDouble() < 0.15;
            double perimeter = round1(kids ? 315 + 15 * rnd.nextGaussian() : 385 + 25 * rnd.nextGaussian());
            familyEffects.put(family, 0.5 * rnd.nextGaussian());
            String name = BRANDS[rnd.nextInt(BRANDS.length)] + " " + style.label + " " + (kids ? "Kids " : "")
                    + (char) ('A' + (family % 26)) + family;
            int colours = coloursPerFamily > 0 ? coloursPerFamily : 1 + rnd.nextInt(3);
            for (int c = 0; c < colours; c++) {
                masks.add(new Mask(maskId++, name + " (" + COLOURS[c] + ")", family, perimeter, style.label,
                        strap.label));
            }
        }
        // Two masks whose perimeter was never measured: their tests cannot be trained on.
        Set<Long> unmeasured = new HashSet<>();
        unmeasured.add(masks.get(rnd.nextInt(masks.size())).id());
        unmeasured.add(masks.get(rnd.nextInt(masks.size())).id());
        return new SyntheticWorld(masks, unmeasured, new GroundTruth(familyEffects));
    }

    /** Every mask of the world, measured or not (the catalogue of the app). */
    public List<Mask> masks() {
        return masks;
    }

    /** The masks whose perimeter is known: what the app's catalogue can offer for scoring. */
    public List<Mask> measuredMasks() {
        return masks.stream().filter(m -> !unmeasuredMaskIds.contains(m.id())).toList();
    }

    /** The oracle. */
    public GroundTruth truth() {
        return truth;
    }

    /**
     * Draws people and their fit tests.
     *
     * @param userSeed    seed of the people and their results
     * @param firstUserId id of the first person (use disjoint ranges for disjoint crowds)
     * @param users       number of people
     * @param dirty       whether to add the defects of real exports
     */
    public SyntheticFitTests fitTests(long userSeed, long firstUserId, int users, boolean dirty) {
        Random rnd = new Random(userSeed);
        List<SyntheticUser> people = new ArrayList<>(users);
        List<FitTestRow> rows = new ArrayList<>();
        long testId = firstUserId * 100;
        for (int u = 0; u < users; u++) {
            SyntheticUser person = person(rnd, firstUserId + u);
            people.add(person);
            FacialMeasurements face = person.face();
            Double[] shown = {face.noseMm(), face.chinMm(), face.topCheekMm(), face.midCheekMm(), face.strapMm(),
                    face.facialHairBeardLengthMm()};
            if (dirty) {
                double r = rnd.nextDouble();
                if (r < 0.015) {
                    shown[rnd.nextInt(shown.length)] = null; // skipped a measurement
                } else if (r < 0.02) {
                    shown[0] = 999.0; // a scan error
                }
            }
            int tests = 4 + rnd.nextInt(9);
            for (int maskIndex : distinct(rnd, tests, masks.size())) {
                Mask mask = masks.get(maskIndex);
                double p = 1 / (1 + Math.exp(-(truth.logit(face, mask) + person.offset())));
                boolean passed = rnd.nextDouble() < p;
                long id = testId++;
                String qlft = Boolean.toString(passed);
                Boolean modded = false;
                boolean orphan = false;
                if (dirty) {
                    double r = rnd.nextDouble();
                    if (r < 0.02) {
                        modded = true;
                    } else if (r < 0.023) {
                        qlft = r < 0.0215 ? null : "inconclusive";
                    } else if (r < 0.0235) {
                        orphan = true; // an export row whose user was deleted
                    }
                }
                FitTestRow row = new FitTestRow(id, orphan ? null : person.id(), mask.id(), mask.fitFamilyId(),
                        mask.uniqueInternalModelCode(),
                        dirty && unmeasuredMaskIds.contains(mask.id()) ? null : mask.perimeterMm(), mask.strapType(),
                        mask.style(), qlft, "ft-" + id, modded, shown[5], shown[0], shown[1], shown[2], shown[3],
                        shown[4]);
                rows.add(row);
                if (dirty && rnd.nextDouble() < 0.005) {
                    rows.add(row); // exported twice
                }
            }
        }
        return new SyntheticFitTests(rows, people, this);
    }

    private static SyntheticUser person(Random rnd, long id) {
        boolean child = rnd.nextDouble() < 0.15;
        double scale = child ? 0.80 + 0.05 * rnd.nextGaussian() : 1.0 + 0.06 * rnd.nextGaussian();
        double beard = !child && rnd.nextDouble() < 0.25 ? Math.min(100, -12 * Math.log(1 - rnd.nextDouble())) : 0;
        FacialMeasurements face = new FacialMeasurements(
                round1(50 * scale + 3 * rnd.nextGaussian()),
                round1(98 * scale + 5 * rnd.nextGaussian()),
                round1(115 * scale + 5 * rnd.nextGaussian()),
                round1(110 * scale + 5 * rnd.nextGaussian()),
                round1(250 * scale + 10 * rnd.nextGaussian()),
                round1(beard));
        return new SyntheticUser(id, face, child, USER_OFFSET_SD * rnd.nextGaussian());
    }

    /** k distinct indices in [0, n), in random order (k ≤ n). */
    private static int[] distinct(Random rnd, int k, int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int take = Math.min(k, n);
        for (int i = 0; i < take; i++) {
            int j = i + rnd.nextInt(n - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return java.util.Arrays.copyOf(all, take);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
