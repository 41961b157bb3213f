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
 *
 * <p>The same features reach a model in one of two {@link InputLayout}s: the whole vector (one-hot), or the features
 * before the family block plus the family's index, which the model's graph turns into the family's weights by a
 * lookup. What depends on a mask alone (its category indices) is {@link #encodeMask}, computed once per catalogue.
 */
public final class FeatureEncoder {

    private static final int NUMERIC = 5;

    private final EncodingParameters params;
    private final Map<String, Integer> styleIndex = new HashMap<>();
    private final Map<String, Integer> strapIndex = new HashMap<>();
    private final Map<Long, Integer> familyIndex = new HashMap<>();
    private final float[] familyValues;
    private final List<String> featureNames;
    private final int styleCount;
    private final int denseCount;

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
        styleCount = params.styles().size();
        denseCount = names.size();
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
        return familyIndex(fitFamilyId) < familyValues.length;
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
        EncodedMask m = encodeMask(mask);
        java.util.Arrays.fill(dest, offset, offset + featureCount(), 0f);
        writeDense(faceValues(face), face.facialPerimeterMm(), m, dest, offset);
        if (m.family() < familyValues.length) {
            dest[offset + denseCount + m.family()] = familyValues[m.family()];
        }
    }

    /**
     * Encodes one pair's dense features (every feature but the fit-family block) into
     * {@code dest[offset .. offset + denseFeatureCount())}; the family travels as {@link EncodedMask#family()}.
     */
    public void encodeDenseInto(FacialMeasurements face, EncodedMask mask, float[] dest, int offset) {
        java.util.Arrays.fill(dest, offset, offset + denseCount, 0f);
        writeDense(faceValues(face), face.facialPerimeterMm(), mask, dest, offset);
    }

    /** The standardised face-only features, computed once per face rather than once per row. */
    private float[] faceValues(FacialMeasurements face) {
        return new float[] {(float) params.facialPerimeter().apply(face.facialPerimeterMm()),
                (float) params.beardLength().apply(face.facialHairBeardLengthMm()),
                (float) params.strapLength().apply(face.strapMm())};
    }

    /** Writes the non-zero dense features of a row whose dense slots are zero. */
    private void writeDense(float[] faceValues, double facialPerimeterMm, EncodedMask mask, float[] dest,
                            int offset) {
        double d = mask.mask().perimeterMm() - facialPerimeterMm; // perimeterDiffMm, with the face's perimeter hoisted
        double zd = params.perimeterDiff().apply(d);
        double zd2 = params.perimeterDiffSq().apply(d * d);
        dest[offset] = faceValues[0];
        dest[offset + 1] = (float) zd;
        dest[offset + 2] = (float) zd2;
        dest[offset + 3] = faceValues[1];
        dest[offset + 4] = faceValues[2];
        if (mask.style() >= 0) {
            int base = offset + NUMERIC + 3 * mask.style();
            dest[base] = 1f;
            dest[base + 1] = (float) zd;
            dest[base + 2] = (float) zd2;
        }
        if (mask.strap() >= 0) {
            dest[offset + NUMERIC + 3 * styleCount + mask.strap()] = 1f;
        }
    }

    /** What encoding a mask needs from the mask alone: compute once per catalogue and model, reuse per request. */
    public EncodedMask encodeMask(Mask mask) {
        Integer style = mask.style() == null ? null : styleIndex.get(mask.style());
        Integer strap = mask.strapType() == null ? null : strapIndex.get(mask.strapType());
        return new EncodedMask(mask, style == null ? -1 : style, strap == null ? -1 : strap,
                familyIndex(mask.fitFamilyId()));
    }

    /**
     * The row of a fit family in the family-index layout: its position in {@link EncodingParameters#fitFamilies()},
     * or {@link #familyCount()} (the all-zero row, "the average family") when unknown or missing.
     */
    public int familyIndex(Long fitFamilyId) {
        Integer family = fitFamilyId == null ? null : familyIndex.get(fitFamilyId);
        return family == null ? familyValues.length : family;
    }

    /** Fit families the model has an effect for (the width of the one-hot family block). */
    public int familyCount() {
        return familyValues.length;
    }

    /** The value family {@code index}'s one-hot takes (n / (n + k), or 1 without shrinkage). */
    public float familyValue(int index) {
        return familyValues[index];
    }

    /** Features other than the fit-family block: the float input's width in the family-index layout. */
    public int denseFeatureCount() {
        return denseCount;
    }

    /** Encodes fit tests for a model of this layout. */
    public EncodedRows encode(InputLayout layout, List<FitTest> rows) {
        if (layout == InputLayout.ONE_HOT) {
            return new EncodedRows(layout, rows.size(), featureCount(), encodeAll(rows), null);
        }
        float[] dense = new float[rows.size() * denseCount];
        long[] families = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            EncodedMask m = encodeMask(rows.get(i).mask());
            encodeDenseInto(rows.get(i).face(), m, dense, i * denseCount);
            families[i] = m.family();
        }
        return new EncodedRows(layout, rows.size(), denseCount, dense, families);
    }

    /** Encodes one face with many masks for a model of this layout. */
    public EncodedRows encode(InputLayout layout, FacialMeasurements face, List<Mask> masks) {
        if (layout == InputLayout.ONE_HOT) {
            return new EncodedRows(layout, masks.size(), featureCount(), encodeBatch(face, masks), null);
        }
        return encodePrepared(layout, face, masks.stream().map(this::encodeMask).toList());
    }

    /**
     * Encodes one face with masks already passed through {@link #encodeMask} by this encoder. In the family-index
     * layout this touches {@link #denseFeatureCount()} floats and one index per mask: a request's cost grows with the
     * masks scored, not with the families the model knows.
     */
    public EncodedRows encodePrepared(InputLayout layout, FacialMeasurements face, List<EncodedMask> masks) {
        int n = masks.size();
        int width = layout == InputLayout.ONE_HOT ? featureCount() : denseCount;
        float[] out = new float[n * width]; // new arrays are zeroed: only non-zero slots are written
        long[] families = layout == InputLayout.ONE_HOT ? null : new long[n];
        float[] faceValues = faceValues(face);
        double perimeter = face.facialPerimeterMm();
        for (int i = 0; i < n; i++) {
            EncodedMask m = masks.get(i);
            writeDense(faceValues, perimeter, m, out, i * width);
            if (families != null) {
                families[i] = m.family();
            } else if (m.family() < familyValues.length) {
                out[i * width + denseCount + m.family()] = familyValues[m.family()];
            }
        }
        return new EncodedRows(layout, n, width, out, families);
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
        return encodePrepared(InputLayout.ONE_HOT, face, masks.stream().map(this::encodeMask).toList()).features();
    }
}
