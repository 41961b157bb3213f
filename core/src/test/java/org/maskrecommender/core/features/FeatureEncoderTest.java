package org.maskrecommender.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.maskrecommender.core.domain.FacialMeasurements;
import org.maskrecommender.core.domain.FitTest;
import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.json.Json;

class FeatureEncoderTest {

    // Categories appear out of order and with gaps; the encoder sorts them.
    private static final Mask CUP_EAR_11 = new Mask(1, "Cup E 11", 11L, 380, "Cup", "Earloop");
    private static final Mask BOAT_HEAD_3 = new Mask(2, "Boat H 3", 3L, 410, "Boat", "Headstrap");
    private static final Mask BIFOLD_EAR_7 = new Mask(3, "Bifold E 7", 7L, 395.5, "Bifold", "Earloop");
    private static final Mask BARE = new Mask(4, "No categories", null, 350, null, null);

    private static final List<FitTest> TRAINING = List.of(
            test(1, CUP_EAR_11, face(50, 98, 115, 110, 250, 0), true),
            test(1, BOAT_HEAD_3, face(50, 98, 115, 110, 250, 0), false),
            test(2, BIFOLD_EAR_7, face(42.5, 80, 95, 91, 210, 0), true),
            test(3, CUP_EAR_11, face(55, 105, 120, 118, 270, 12.5), false),
            test(3, BARE, face(55, 105, 120, 118, 270, 12.5), true),
            test(4, BOAT_HEAD_3, face(47, 90, 110, 105, 240, 3), true));

    private static final List<String> EXPECTED_NAMES = List.of(
            "facial_perimeter", "perimeter_diff", "perimeter_diff_sq", "beard_length", "strap_length",
            "style=Bifold", "perimeter_diff*style=Bifold", "perimeter_diff_sq*style=Bifold",
            "style=Boat", "perimeter_diff*style=Boat", "perimeter_diff_sq*style=Boat",
            "style=Cup", "perimeter_diff*style=Cup", "perimeter_diff_sq*style=Cup",
            "strap_type=Earloop", "strap_type=Headstrap",
            "fit_family=3", "fit_family=7", "fit_family=11");

    private final FeatureEncoder encoder = FeatureEncoder.fit(TRAINING);

    private static FacialMeasurements face(double nose, double chin, double top, double mid, double strap, double beard) {
        return new FacialMeasurements(nose, chin, top, mid, strap, beard);
    }

    private static FitTest test(long user, Mask mask, FacialMeasurements face, boolean passed) {
        return new FitTest(user, mask, face, passed, null);
    }

    private int index(String name) {
        int i = encoder.featureNames().indexOf(name);
        assertThat(i).as(name).isNotNegative();
        return i;
    }

    private static double mean(ToDoubleFunction<FitTest> f) {
        return TRAINING.stream().mapToDouble(f).average().orElseThrow();
    }

    /** Population standard deviation, two-pass. */
    private static double std(ToDoubleFunction<FitTest> f) {
        double m = mean(f);
        return Math.sqrt(TRAINING.stream().mapToDouble(t -> Math.pow(f.applyAsDouble(t) - m, 2)).average().orElseThrow());
    }

    private static double diff(FitTest t) {
        return t.mask().perimeterMm() - t.face().facialPerimeterMm();
    }

    @Test
    void featureNamesAndCount() {
        assertThat(encoder.featureNames()).containsExactlyElementsOf(EXPECTED_NAMES);
        assertThat(encoder.featureCount()).isEqualTo(5 + 3 * 3 + 2 + 3).isEqualTo(19);
        assertThat(encoder.parameters().styles()).containsExactly("Bifold", "Boat", "Cup");
        assertThat(encoder.parameters().strapTypes()).containsExactly("Earloop", "Headstrap");
        assertThat(encoder.parameters().fitFamilies()).containsExactly(3L, 7L, 11L);
    }

    @Test
    void standardisationParametersAreTheMeanAndStdOfTheTrainingRows() {
        EncodingParameters p = encoder.parameters();

        assertStandardizer(p.facialPerimeter(), t -> t.face().facialPerimeterMm());
        assertStandardizer(p.perimeterDiff(), FeatureEncoderTest::diff);
        assertStandardizer(p.perimeterDiffSq(), t -> diff(t) * diff(t));
        assertStandardizer(p.beardLength(), t -> t.face().facialHairBeardLengthMm());
        assertStandardizer(p.strapLength(), t -> t.face().strapMm());
        // spot-check one by hand: strap lengths 250,250,210,270,270,240 -> mean 248.33
        assertThat(p.strapLength().mean()).isCloseTo(1490 / 6.0, within(1e-9));
    }

    private static void assertStandardizer(Standardizer s, ToDoubleFunction<FitTest> f) {
        assertThat(s.mean()).isCloseTo(mean(f), within(1e-9 * Math.max(1, Math.abs(mean(f)))));
        assertThat(s.std()).isCloseTo(std(f), within(1e-9 * Math.max(1, std(f))));
        assertThat(s.std()).isPositive();
    }

    @Test
    void constantFeatureGetsUnitStdInsteadOfDividingByZero() {
        List<FitTest> noBeards = List.of(test(1, CUP_EAR_11, face(50, 98, 115, 110, 250, 0), true),
                test(2, BOAT_HEAD_3, face(45, 90, 110, 100, 240, 0), false));

        FeatureEncoder e = FeatureEncoder.fit(noBeards);

        assertThat(e.parameters().beardLength()).isEqualTo(new Standardizer(0, 1));
        float[] v = encode(e, face(50, 98, 115, 110, 250, 4), CUP_EAR_11);
        assertThat(v[3]).isEqualTo(4f);
        for (float x : v) {
            assertThat(Float.isFinite(x)).isTrue();
        }
    }

    @Test
    void numericFeaturesAreStandardised() {
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);
        double p = f.facialPerimeterMm();
        double d = BOAT_HEAD_3.perimeterMm() - p;
        EncodingParameters params = encoder.parameters();

        float[] v = encode(encoder, f, BOAT_HEAD_3);

        assertThat(v[0]).isEqualTo((float) ((p - params.facialPerimeter().mean()) / params.facialPerimeter().std()));
        assertThat(v[1]).isEqualTo((float) ((d - params.perimeterDiff().mean()) / params.perimeterDiff().std()));
        assertThat(v[2]).isEqualTo((float) ((d * d - params.perimeterDiffSq().mean()) / params.perimeterDiffSq().std()));
        assertThat(v[3]).isEqualTo((float) ((6 - params.beardLength().mean()) / params.beardLength().std()));
        assertThat(v[4]).isEqualTo((float) ((245 - params.strapLength().mean()) / params.strapLength().std()));
    }

    @Test
    void oneHotPositions() {
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);

        float[] v = encode(encoder, f, BOAT_HEAD_3);

        // Boat is the second style: its block is at 5 + 3·1
        assertThat(index("style=Boat")).isEqualTo(8);
        assertThat(v[8]).isEqualTo(1f);
        assertThat(v[9]).isEqualTo(v[1]);   // perimeter_diff*style=Boat
        assertThat(v[10]).isEqualTo(v[2]);  // perimeter_diff_sq*style=Boat
        assertThat(v[index("strap_type=Headstrap")]).isEqualTo(1f);
        assertThat(index("strap_type=Headstrap")).isEqualTo(15);
        assertThat(v[index("fit_family=3")]).isEqualTo(1f);
        assertThat(index("fit_family=3")).isEqualTo(16);
        float[] expected = new float[19];
        System.arraycopy(v, 0, expected, 0, 5);
        expected[8] = 1f;
        expected[9] = v[1];
        expected[10] = v[2];
        expected[15] = 1f;
        expected[16] = 1f;
        assertThat(v).containsExactly(expected);

        float[] cup = encode(encoder, f, CUP_EAR_11);
        assertThat(cup[11]).isEqualTo(1f);
        assertThat(cup[14]).isEqualTo(1f);
        assertThat(cup[18]).isEqualTo(1f);
        assertThat(cup[8]).isZero();
        assertThat(cup[15]).isZero();
        assertThat(cup[16]).isZero();
        assertThat(nonZeroCategorySlots(cup)).containsExactly(11, 12, 13, 14, 18);
    }

    private static List<Integer> nonZeroCategorySlots(float[] v) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 5; i < v.length; i++) {
            if (v[i] != 0f) {
                slots.add(i);
            }
        }
        return slots;
    }

    @Test
    void unseenCategoriesEncodeAsZerosInTheirBlock() {
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);
        Mask unseen = new Mask(99, "New", 404L, BOAT_HEAD_3.perimeterMm(), "Duckbill", "Velcro");
        Mask unseenStyleOnly = new Mask(98, "New style", 3L, BOAT_HEAD_3.perimeterMm(), "Duckbill", "Headstrap");

        float[] v = encode(encoder, f, unseen);
        float[] known = encode(encoder, f, BOAT_HEAD_3);
        float[] partly = encode(encoder, f, unseenStyleOnly);

        assertThat(Arrays.copyOfRange(v, 0, 5)).containsExactly(Arrays.copyOfRange(known, 0, 5));
        assertThat(nonZeroCategorySlots(v)).isEmpty();
        assertThat(nonZeroCategorySlots(partly)).containsExactly(15, 16);
    }

    @Test
    void missingCategoriesEncodeAsZeros() {
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);

        float[] v = encode(encoder, f, BARE);

        assertThat(nonZeroCategorySlots(v)).isEmpty();
        assertThat(Arrays.copyOfRange(v, 0, 5)).doesNotContain(Float.NaN);
        // a style written with stray spaces is the same style
        assertThat(encode(encoder, f, new Mask(5, "x", 3L, 410, " Boat ", "Headstrap ")))
                .containsExactly(encode(encoder, f, BOAT_HEAD_3));
    }

    @Test
    void encodeIntoOverwritesEverySlotOfItsRowAndNothingElse() {
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);
        int n = encoder.featureCount();
        float[] dest = new float[3 + n + 4];
        Arrays.fill(dest, Float.NaN);
        dest[0] = 42f;

        encoder.encodeInto(f, BARE, dest, 3);

        assertThat(Arrays.copyOfRange(dest, 3, 3 + n)).containsExactly(encode(encoder, f, BARE));
        assertThat(dest[0]).isEqualTo(42f);
        assertThat(Float.isNaN(dest[1]) && Float.isNaN(dest[2])).isTrue();
        for (int i = 3 + n; i < dest.length; i++) {
            assertThat(Float.isNaN(dest[i])).as("slot %d after the row", i).isTrue();
        }

        // reusing a buffer that held another mask's one-hots leaves none of them behind
        float[] reused = encode(encoder, f, CUP_EAR_11);
        encoder.encodeInto(f, BARE, reused, 0);
        assertThat(reused).containsExactly(encode(encoder, f, BARE));
    }

    @Test
    void encodeBatchIsRowByRowEncode() {
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);
        List<Mask> masks = List.of(CUP_EAR_11, BARE, BOAT_HEAD_3, new Mask(9, "u", 5L, 500, "Duckbill", "Velcro"),
                BIFOLD_EAR_7);

        float[] batch = encoder.encodeBatch(f, masks);

        int n = encoder.featureCount();
        assertThat(batch).hasSize(masks.size() * n);
        for (int i = 0; i < masks.size(); i++) {
            assertThat(Arrays.copyOfRange(batch, i * n, (i + 1) * n)).as("row %d", i)
                    .containsExactly(encode(encoder, f, masks.get(i)));
        }
        assertThat(encoder.encodeBatch(f, List.of())).isEmpty();
    }

    @Test
    void encodeAllIsRowByRowEncode() {
        float[] all = encoder.encodeAll(TRAINING);

        int n = encoder.featureCount();
        assertThat(all).hasSize(TRAINING.size() * n);
        for (int i = 0; i < TRAINING.size(); i++) {
            FitTest t = TRAINING.get(i);
            assertThat(Arrays.copyOfRange(all, i * n, (i + 1) * n)).as("row %d", i)
                    .containsExactly(encode(encoder, t.face(), t.mask()));
        }
    }

    @Test
    void trainingFeaturesHaveZeroMeanAndUnitVariance() {
        float[] all = encoder.encodeAll(TRAINING);
        int n = encoder.featureCount();

        for (int j = 0; j < 5; j++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < TRAINING.size(); i++) {
                sum += all[i * n + j];
                sq += all[i * n + j] * all[i * n + j];
            }
            assertThat(sum / TRAINING.size()).as(EXPECTED_NAMES.get(j)).isCloseTo(0, within(1e-5));
            assertThat(sq / TRAINING.size()).as(EXPECTED_NAMES.get(j)).isCloseTo(1, within(1e-5));
        }
    }

    @Test
    void parametersSurviveAJsonRoundTripAndRebuildTheSameEncoder() throws Exception {
        ObjectMapper mapper = Json.newMapper();

        String json = mapper.writeValueAsString(encoder.parameters());
        EncodingParameters restored = mapper.readValue(json, EncodingParameters.class);
        FeatureEncoder rebuilt = new FeatureEncoder(restored);

        assertThat(restored).isEqualTo(encoder.parameters());
        JsonNode tree = mapper.readTree(json);
        assertThat(tree.has("facial_perimeter")).isTrue();
        assertThat(tree.has("perimeter_diff_sq")).isTrue();
        assertThat(tree.has("strap_types")).isTrue();
        assertThat(tree.get("fit_families").get(0).asLong()).isEqualTo(3L);
        assertThat(rebuilt.featureNames()).isEqualTo(encoder.featureNames());
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);
        for (Mask m : List.of(CUP_EAR_11, BOAT_HEAD_3, BIFOLD_EAR_7, BARE, new Mask(9, "u", 5L, 500, "Duckbill", "Velcro"))) {
            assertThat(encode(rebuilt, f, m)).containsExactly(encode(encoder, f, m));
        }
        assertThat(rebuilt.encodeAll(TRAINING)).containsExactly(encoder.encodeAll(TRAINING));
    }

    @Test
    void thinFamiliesAreShrunkByTheirTrainingRows() {
        // families 3 and 11 have 2 training rows each, 7 has one
        FeatureEncoder shrunk = FeatureEncoder.fit(TRAINING, 2);
        assertThat(shrunk.parameters().fitFamilies()).containsExactly(3L, 7L, 11L);
        assertThat(shrunk.parameters().fitFamilyRows()).containsExactly(2, 1, 2);
        assertThat(shrunk.parameters().familyShrinkageRows()).isEqualTo(2.0);
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);
        int family11 = shrunk.featureNames().indexOf("fit_family=11");
        int family3 = shrunk.featureNames().indexOf("fit_family=3");
        int family7 = shrunk.featureNames().indexOf("fit_family=7");
        assertThat(encode(shrunk, f, CUP_EAR_11)[family11]).isEqualTo(2f / 4);
        assertThat(encode(shrunk, f, BIFOLD_EAR_7)[family7]).isEqualTo(1f / 3);
        assertThat(encode(shrunk, f, BOAT_HEAD_3)[family3]).isEqualTo(2f / 4);
        // everything else as without shrinkage
        float[] plain = encode(encoder, f, CUP_EAR_11);
        float[] withShrinkage = encode(shrunk, f, CUP_EAR_11);
        withShrinkage[family11] = 1f;
        assertThat(withShrinkage).containsExactly(plain);
    }

    @Test
    void manifestsWrittenBeforeShrinkageStillLoadAndEncodeFamiliesAsOne() throws Exception {
        ObjectMapper mapper = Json.newMapper();
        com.fasterxml.jackson.databind.node.ObjectNode json = mapper.valueToTree(FeatureEncoder.fit(TRAINING, 2)
                .parameters());
        json.remove("fit_family_rows");
        json.remove("family_shrinkage_rows");

        EncodingParameters old = mapper.treeToValue(json, EncodingParameters.class);

        assertThat(old.fitFamilyRows()).isNull();
        assertThat(old.familyShrinkageRows()).isNull();
        FacialMeasurements f = face(48, 95, 112, 108, 245, 6);
        assertThat(encode(new FeatureEncoder(old), f, CUP_EAR_11)).containsExactly(encode(encoder, f, CUP_EAR_11));
    }

    @Test
    void fittingOnNoRowsIsRefused() {
        assertThatThrownBy(() -> FeatureEncoder.fit(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** One row, as serving encodes each mask of a request. */
    private static float[] encode(FeatureEncoder encoder, FacialMeasurements face, Mask mask) {
        float[] row = new float[encoder.featureCount()];
        encoder.encodeInto(face, mask, row, 0);
        return row;
    }

    /**
     * The family-index layout carries the same numbers as the one-hot vector: the dense row is the vector's prefix,
     * and the index names the family whose slot holds the value (shrinkage included); an unknown or missing family
     * points at the all-zero row past the last family.
     */
    @Test
    void familyIndexLayoutCarriesTheOneHotVector() {
        FeatureEncoder shrunk = FeatureEncoder.fit(TRAINING, 4);
        Mask unknownFamily = new Mask(9, "Unknown family", 99L, 400, "Cup", "Headstrap");
        List<Mask> masks = List.of(CUP_EAR_11, BOAT_HEAD_3, BIFOLD_EAR_7, BARE, unknownFamily);
        FacialMeasurements f = face(51, 99, 112, 109, 255, 4);
        int dense = shrunk.denseFeatureCount();
        int width = shrunk.featureCount();
        assertThat(dense).isEqualTo(width - 3).isEqualTo(16);
        assertThat(shrunk.familyCount()).isEqualTo(3);

        float[] oneHot = shrunk.encodeBatch(f, masks);
        EncodedRows rows = shrunk.encode(InputLayout.FAMILY_INDEX, f, masks);
        assertThat(rows.width()).isEqualTo(dense);
        assertThat(rows.families()).containsExactly(2, 0, 1, 3, 3);
        for (int r = 0; r < masks.size(); r++) {
            assertThat(Arrays.copyOfRange(rows.features(), r * dense, (r + 1) * dense))
                    .containsExactly(Arrays.copyOfRange(oneHot, r * width, r * width + dense));
            float[] familyBlock = new float[3];
            if (rows.families()[r] < 3) {
                familyBlock[(int) rows.families()[r]] = shrunk.familyValue((int) rows.families()[r]);
            }
            assertThat(Arrays.copyOfRange(oneHot, r * width + dense, (r + 1) * width)).containsExactly(familyBlock);
        }
        // family 11 has 2 training rows: 2 / (2 + 4)
        assertThat(shrunk.familyValue(2)).isCloseTo(2f / 6, within(1e-6f));
        // prepared masks (once per catalogue) encode exactly as masks looked up per request
        EncodedRows prepared = shrunk.encodePrepared(InputLayout.FAMILY_INDEX, f,
                masks.stream().map(shrunk::encodeMask).toList());
        assertThat(prepared.features()).containsExactly(rows.features());
        assertThat(prepared.families()).containsExactly(rows.families());
        assertThat(shrunk.encode(InputLayout.ONE_HOT, f, masks).features()).containsExactly(oneHot);
        assertThat(shrunk.encode(InputLayout.FAMILY_INDEX, TRAINING).families()).containsExactly(2, 0, 1, 2, 3, 0);
    }
}
