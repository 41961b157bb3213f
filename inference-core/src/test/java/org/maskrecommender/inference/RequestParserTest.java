package org.maskrecommender.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.maskrecommender.core.json.Json;

class RequestParserTest {

    static final String FACE = "{\"nose_mm\": 52.1, \"chin_mm\": 98.0, \"top_cheek_mm\": 110.4, \"mid_cheek_mm\": 107.9,"
            + " \"strap_mm\": 251.0, \"facial_hair_beard_length_mm\": 0}";
    private final ObjectMapper mapper = Json.newMapper();
    private final RequestParser parser = new RequestParser();

    private JsonNode json(String s) throws Exception {
        return mapper.readTree(s);
    }

    @Test
    void acceptsTheDocumentedRequestAndIgnoresExtraFields() throws Exception {
        InferenceRequest r = parser.parse(json("{\"method\": \"infer\", \"facial_measurements\": " + FACE
                + ", \"mask_ids\": [18, 42, 18], \"limit\": 10, \"client\": \"web\"}"));
        assertThat(r.method()).isEqualTo(InferenceRequest.Method.INFER);
        assertThat(r.face().noseMm()).isEqualTo(52.1);
        assertThat(r.face().strapMm()).isEqualTo(251.0);
        assertThat(r.maskIds()).containsExactly(18L, 42L);
        assertThat(r.limit()).isEqualTo(10);
        assertThat(r.format()).isEqualTo(InferenceRequest.ResponseFormat.DEFAULT);
    }

    @Test
    void methodDefaultsToInferAndWarmupNeedsNoFace() throws Exception {
        assertThat(parser.parse(json("{\"facial_measurements\": " + FACE + "}")).method())
                .isEqualTo(InferenceRequest.Method.INFER);
        InferenceRequest warm = parser.parse(json("{\"method\": \"warmup\"}"));
        assertThat(warm.method()).isEqualTo(InferenceRequest.Method.WARMUP);
        assertThat(warm.face()).isNull();
        assertThat(parser.parse(json("{\"facial_measurements\": " + FACE + ", \"response_format\": \"breathesafe\"}"))
                .format()).isEqualTo(InferenceRequest.ResponseFormat.BREATHESAFE);
    }

    @Test
    void filtersAreReadAsSentAndAbsentMeansEverything() throws Exception {
        InferenceRequest r = parser.parse(json("{\"facial_measurements\": " + FACE + ", \"styles\": [\"Boat\", \"Cup\","
                + " \"Boat\"], \"strap_types\": [\"Headstrap\"], \"exclude_mask_ids\": [7, 3, 7]}"));
        assertThat(r.filters().styles()).as("as sent, so messages name the index").containsExactly("Boat", "Cup", "Boat");
        assertThat(r.filters().strapTypes()).containsExactly("Headstrap");
        assertThat(r.filters().excludeMaskIds()).containsExactlyInAnyOrder(3L, 7L);
        InferenceRequest none = parser.parse(json("{\"facial_measurements\": " + FACE + ", \"exclude_mask_ids\": []}"));
        assertThat(none.filters().styles()).isNull();
        assertThat(none.filters().strapTypes()).isNull();
        assertThat(none.filters().excludeMaskIds()).isEmpty();
    }

    @Test
    void aFunctionsDefaultFormatAppliesOnlyWhenTheRequestNamesNone() throws Exception {
        RequestParser legacy = new RequestParser(InferenceRequest.ResponseFormat.BREATHESAFE);
        assertThat(legacy.parse(json("{\"facial_measurements\": " + FACE + "}")).format())
                .isEqualTo(InferenceRequest.ResponseFormat.BREATHESAFE);
        assertThat(legacy.parse(json("{\"facial_measurements\": " + FACE + ", \"response_format\": \"default\"}"))
                .format()).isEqualTo(InferenceRequest.ResponseFormat.DEFAULT);
        assertThat(InferenceRequest.ResponseFormat.of(" Breathesafe ")).isEqualTo(InferenceRequest.ResponseFormat.BREATHESAFE);
        assertThatThrownBy(() -> InferenceRequest.ResponseFormat.of("xml")).hasMessageContaining("\"breathesafe\"");
    }

    @Test
    void onlyTheLegacyFormatReadsAMissingBeardLengthAsZeroAndSaysSo() throws Exception {
        String noBeard = "{\"facial_measurements\": " + FACE.replace(", \"facial_hair_beard_length_mm\": 0", "")
                + ", \"model_type\": \"custom_lr\", \"apply_empirical_cap\": false}";
        InferenceRequest legacy = new RequestParser(InferenceRequest.ResponseFormat.BREATHESAFE).parse(json(noBeard));
        assertThat(legacy.face().facialHairBeardLengthMm()).isZero();
        assertThat(legacy.compatibility()).isEqualTo(new InferenceRequest.Compatibility("custom_lr", "false", true));
        InferenceRequest asked = parser.parse(json(noBeard.replace("}, \"model_type", "}, \"response_format\": "
                + "\"breathesafe\", \"model_type")));
        assertThat(asked.compatibility().beardLengthDefaulted()).isTrue();
        assertThatThrownBy(() -> parser.parse(json(noBeard))).hasMessageContaining(
                "facial_measurements.facial_hair_beard_length_mm is required");
        assertThat(parser.parse(json("{\"facial_measurements\": " + FACE + ", \"model_type\": \""
                + "x".repeat(500) + "\"}")).compatibility().modelType()).hasSize(41);
    }

    static Stream<Arguments> badRequests() {
        String face = FACE;
        return Stream.of(
                Arguments.of("[1, 2]", "JSON object"),
                Arguments.of("{}", "facial_measurements is required"),
                Arguments.of("{\"facial_measurements\": [52]}", "facial_measurements must be an object"),
                Arguments.of("{\"facial_measurements\": " + face.replace("\"nose_mm\": 52.1, ", "") + "}",
                        "facial_measurements.nose_mm is required"),
                Arguments.of("{\"facial_measurements\": " + face.replace("52.1", "null") + "}",
                        "facial_measurements.nose_mm is required"),
                Arguments.of("{\"facial_measurements\": " + face.replace("52.1", "\"52.1\"") + "}",
                        "facial_measurements.nose_mm must be a JSON number"),
                Arguments.of("{\"facial_measurements\": " + face.replace("98.0", "-98.0") + "}",
                        "facial_measurements.chin_mm is -98.0: chin_mm must be a number of millimetres between 20 and 250"),
                Arguments.of("{\"facial_measurements\": " + face.replace("110.4", "1e400") + "}",
                        "facial_measurements.top_cheek_mm"),
                Arguments.of("{\"facial_measurements\": " + face.replace("251.0", "9000") + "}",
                        "facial_measurements.strap_mm is 9000: strap_mm must be a number of millimetres between 50 and 600"),
                Arguments.of("{\"facial_measurements\": " + face.replace("\"facial_hair_beard_length_mm\": 0",
                        "\"facial_hair_beard_length_mm\": true") + "}",
                        "facial_measurements.facial_hair_beard_length_mm must be a JSON number"),
                Arguments.of("{\"method\": \"predict\", \"facial_measurements\": " + face + "}",
                        "method must be \"infer\" or \"warmup\""),
                Arguments.of("{\"method\": 1}", "method must be a string"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"mask_ids\": []}", "mask_ids must not be empty"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"mask_ids\": 42}", "mask_ids must be an array"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"mask_ids\": [1, \"2\"]}",
                        "mask_ids[1] must be an integer mask id"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"mask_ids\": [1.5]}",
                        "mask_ids[0] must be an integer mask id"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"mask_ids\": " + oversized() + "}",
                        "mask_ids has 1001 ids; at most 1000"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"limit\": 0}", "limit must be a positive integer"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"limit\": -3}", "limit must be a positive integer"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"limit\": \"10\"}", "limit must be a positive integer"),
                Arguments.of("{\"facial_measurements\": " + face + ", \"response_format\": \"xml\"}",
                        "response_format must be"));
    }

    private static String oversized() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            sb.append(i == 0 ? "" : ",").append(i);
        }
        return sb.append(']').toString();
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void everyBadInputIsRefusedNamingFieldAndRule(String request, String message) throws Exception {
        JsonNode node = json(request);
        assertThatThrownBy(() -> parser.parse(node)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(message);
    }
}
