package org.maskrecommender.deployer.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.domain.Mask;
import org.maskrecommender.core.json.Json;
import org.maskrecommender.core.probes.Probes;

/** How the probe set's questions become inference requests; the function behind them is a stand-in here. */
class LambdaProbeScorerTest {

    private final ObjectMapper mapper = Json.newMapper();
    private final List<JsonNode> requests = new ArrayList<>();

    /** Answers P = mask id / 10,000, ranked best first, like the function (not in the asked order). */
    private JsonNode answer(byte[] payload) {
        try {
            JsonNode request = mapper.readTree(payload);
            requests.add(request);
            ObjectNode answer = mapper.createObjectNode();
            ArrayNode recs = answer.putArray("recommendations");
            List<Long> ids = new ArrayList<>();
            request.path("mask_ids").forEach(id -> ids.add(id.asLong()));
            ids.sort((a, b) -> Long.compare(b, a));
            ids.forEach(id -> recs.addObject().put("mask_id", id).put("proba_fit", id / 10_000.0));
            return answer;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Mask> masks(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(id -> new Mask(id, "m" + id, null, 400, "Cup", "Headstrap"))
                .toList();
    }

    @Test
    void aFaceIsOneRequestWithItsMasksInMaskIdsAndAnswersAreMatchedById() {
        LambdaProbeScorer scorer = new LambdaProbeScorer(this::answer, mapper, "fn:2");
        List<Mask> masks = List.of(masks(3, 3).get(0), masks(7, 7).get(0), masks(5, 5).get(0));

        double[] p = scorer.probabilities(Probes.face(340, 5), masks);

        assertThat(p).containsExactly(0.0003, 0.0007, 0.0005);
        assertThat(requests).hasSize(1);
        JsonNode request = requests.get(0);
        assertThat(request.path("mask_ids")).extracting(JsonNode::asLong).containsExactly(3L, 7L, 5L);
        assertThat(request.path("limit").asInt()).isEqualTo(3);
        assertThat(request.path("response_format").asText()).isEqualTo("default");
        assertThat(request.path("facial_measurements").path("facial_hair_beard_length_mm").asDouble()).isEqualTo(5);
        assertThat(request.path("facial_measurements").path("nose_mm").asDouble())
                .isEqualTo(Probes.face(340, 5).noseMm());
    }

    @Test
    void aFaceAskedAgainIsAskedOnlyForMasksNotYetAnswered() {
        LambdaProbeScorer scorer = new LambdaProbeScorer(this::answer, mapper, "fn:2");
        scorer.probabilities(Probes.face(300, 0), masks(1, 10));
        scorer.probabilities(Probes.face(300, 0), masks(2, 4));
        scorer.probabilities(Probes.face(300, 0), masks(9, 12));

        assertThat(scorer.requests()).isEqualTo(2);
        assertThat(requests.get(1).path("mask_ids")).extracting(JsonNode::asLong).containsExactly(11L, 12L);
    }

    @Test
    void moreMasksThanTheApiTakesInOneRequestAreAskedInSeveral() {
        LambdaProbeScorer scorer = new LambdaProbeScorer(this::answer, mapper, "fn:2");

        double[] p = scorer.probabilities(Probes.face(300, 0), masks(1, 2500));

        assertThat(requests).extracting(r -> r.path("mask_ids").size()).containsExactly(1000, 1000, 500);
        assertThat(p[2499]).isEqualTo(0.25);
    }

    @Test
    void aMaskTheVersionDoesNotScoreFailsTheRelease() {
        LambdaProbeScorer scorer = new LambdaProbeScorer(payload -> {
            ObjectNode answer = mapper.createObjectNode();
            answer.putArray("recommendations").addObject().put("mask_id", 1).put("proba_fit", 0.5);
            answer.putArray("unknown_mask_ids").add(2);
            return answer;
        }, mapper, "fn:2");

        assertThatThrownBy(() -> scorer.probabilities(Probes.face(300, 0), masks(1, 2)))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("fn:2").hasMessageContaining("first 2");
    }
}
