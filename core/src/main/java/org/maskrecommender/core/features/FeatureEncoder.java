package org.maskrecommender.core.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;

/**
 * The one place a (face, mask) pair becomes a feature vector; training and inference both use it,
 * so they cannot disagree.
 *
 * <p>Features, in this order:
 * <ol>
 *   <li>{@code facial_perimeter} — the face's seal perimeter, standardised;</li>
 *   <li>{@code perimeter_diff} — d = mask perimeter − facial perimeter (mm), standardised;</li>
 *   <li>{@code perimeter_diff_sq} — d², standardised (a fit is best near some d and falls off both ways);</li>
 *   <li>{@code beard_length}, {@code strap_length} — standardised;</li>
 *   <li>per known style s: {@code style=s} (one-hot), {@code perimeter_diff*style=s},
 *       {@code perimeter_diff_sq*style=s} (each style has its own best d and tolerance);</li>
 *   <li>per known strap type: {@code strap_type=t}; per known fit family: {@code fit_family=f}, whose value is
 *       n / (n + k) for a family with n training rows (shrinkage k, {@link EncodingParameters#familyValue}).</li>
 * </ol>
 * A style, strap type or fit family not seen in training (or missing) encodes as all zeros in its
 * block, i.e. "the average mask", never an error.
 */
public final class FeatureEncoder {

    private static final int NUMERIC = 5;

    private final EncodingParameters params;
    private final Map<String, Integer> styleIndex = new HashMap<>();
    private final Map<String, Integer> strapIndex = new HashMap<>();
    private final Map<Long, Integer> familyIndex = new HashMap<>();
    private final float[] familyValues;
    private final List<String> featureNames;

    public FeatureEncoder(EncodingParameters params) {
        this.params = Objects.requireNonNull(params);
        List<String> names = new ArrayList<>(List.of("facial_perimeter", "perimeter_diff", "perimeter_diff_sq",
                "beard_length", "strap_length"));
        for (int i = 0; i < params.styles().size(); i++) {
            String s = params.styles().get(i);
            styleIndex.put(s, i);
            names.add("style=" + s);
            names.add("perimeter_diff*style=" + s);
            names.add("perimeter_diff_sq*style=" + s);
        }
        for (int i = 0; i < params.strapTypes().size(); i++) {
            strapIndex.put(params.strapTypes().get(i), i);
            names.add("strap_type=" + params.strapTypes().get(i));
        }
        familyValues = new float[params.fitFamilies().size()];
        for (int i = 0; i < params.fitFamilies().size(); i++) {
            familyIndex.put(params.fitFamilies().get(i), i);
            familyValues[i] = (float) params.familyValue(i);
            names.add("fit_family=" + params.fitFamilies().get(i));
        }
        this.featureNames = List.copyOf(names);
    }

    /** Learns scaling and category lists from the training rows, without family shrinkage. */
    public static FeatureEncoder fit(Collection<FitTest> rows) {
        return fit(rows, 0);
    }

    /**
     * Learns scaling, category lists and each family's training rows from the training rows.
     *
     * @param familyShrinkageRows k: a family with n training rows encodes as n / (n + k) (0: as 1)
     */
    public static FeatureEncoder fit(Collection<FitTest> rows, double familyShrinkageRows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a feature encoder on no rows");
        }
        int n = rows.size();
        double[] perimeter = new double[n];
        double[] diff = new double[n];
        double[] diffSq = new double[n];
        double[] beard = new double[n];
        double[] strap = new double[n];
        TreeSet<String> styles = new TreeSet<>();
        TreeSet<String> straps = new TreeSet<>();
        TreeMap<Long, Integer> families = new TreeMap<>();
        int i = 0;
        for (FitTest t : rows) {
            double p = t.face().facialPerimeterMm();
            double d = perimeterDiffMm(t.face(), t.mask());
            perimeter[i] = p;
            diff[i] = d;
            diffSq[i] = d * d;
            beard[i] = t.face().facialHairBeardLengthMm();
            strap[i] = t.face().strapMm();
            i++;
            if (t.mask().style() != null) {
                styles.add(t.mask().style());
            }
            if (t.mask().strapType() != null) {
                straps.add(t.mask().strapType());
            }
            if (t.mask().fitFamilyId() != null) {
                families.merge(t.mask().fitFamilyId(), 1, Integer::sum);
            }
        }
        return new FeatureEncoder(new EncodingParameters(Standardizer.fit(perimeter), Standardizer.fit(diff),
                Standardizer.fit(diffSq), Standardizer.fit(beard), Standardizer.fit(strap),
                List.copyOf(styles), List.copyOf(straps), List.copyOf(families.keySet()),
                List.copyOf(families.values()), familyShrinkageRows));
    }

    /**
     * The model's main size feature before scaling: mask perimeter − facial perimeter (mm). Positive when the mask's
     * seal is longer than the face's seal line. Public so that explanations shown to users use the very number the
     * model saw.
     */
    public static double perimeterDiffMm(FacialMeasurements face, Mask mask) {
        return mask.perimeterMm() - face.facialPerimeterMm();
    }

    /** Whether the model has an effect of its own for this fit family: the family appeared in its training rows. */
    public boolean knowsFamily(Long fitFamilyId) {
        return fitFamilyId != null && familyIndex.containsKey(fitFamilyId);
    }

    public EncodingParameters parameters() {
        return params;
    }

    /** Feature names in vector order (also the ONNX input column order). */
    public List<String> featureNames() {
        return featureNames;
    }

    public int featureCount() {
        return featureNames.size();
    }

    /**
     * Encodes one pair into {@code dest[offset .. offset + featureCount())}, so a batch can be built in
     * one flat array without per-row allocation. Every slot of the row is written (zeros included).
     */
    public void encodeInto(FacialMeasurements face, Mask mask, float[] dest, int offset) {
        java.util.Arrays.fill(dest, offset, offset + featureCount(), 0f);
        double p = face.facialPerimeterMm();
        double d = perimeterDiffMm(face, mask);
        double zd = params.perimeterDiff().apply(d);
        double zd2 = params.perimeterDiffSq().apply(d * d);
        dest[offset] = (float) params.facialPerimeter().apply(p);
        dest[offset + 1] = (float) zd;
        dest[offset + 2] = (float) zd2;
        dest[offset + 3] = (float) params.beardLength().apply(face.facialHairBeardLengthMm());
        dest[offset + 4] = (float) params.strapLength().apply(face.strapMm());
        Integer style = mask.style() == null ? null : styleIndex.get(mask.style());
        if (style != null) {
            int base = offset + NUMERIC + 3 * style;
            dest[base] = 1f;
            dest[base + 1] = (float) zd;
            dest[base + 2] = (float) zd2;
        }
        int strapBase = offset + NUMERIC + 3 * params.styles().size();
        Integer strap = mask.strapType() == null ? null : strapIndex.get(mask.strapType());
        if (strap != null) {
            dest[strapBase + strap] = 1f;
        }
        int familyBase = strapBase + params.strapTypes().size();
        Integer family = mask.fitFamilyId() == null ? null : familyIndex.get(mask.fitFamilyId());
        if (family != null) {
            dest[familyBase + family] = familyValues[family];
        }
    }

    /** Encodes fit tests into one row-major batch ({@code rows.size() × featureCount()}). */
    public float[] encodeAll(List<FitTest> rows) {
        float[] out = new float[rows.size() * featureCount()];
        for (int i = 0; i < rows.size(); i++) {
            encodeInto(rows.get(i).face(), rows.get(i).mask(), out, i * featureCount());
        }
        return out;
    }

    /** Encodes many pairs for one face into one row-major batch ({@code masks.size() × featureCount()}). */
    public float[] encodeBatch(FacialMeasurements face, List<Mask> masks) {
        float[] out = new float[masks.size() * featureCount()];
        for (int i = 0; i < masks.size(); i++) {
            encodeInto(face, masks.get(i), out, i * featureCount());
        }
        return out;
    }
}
