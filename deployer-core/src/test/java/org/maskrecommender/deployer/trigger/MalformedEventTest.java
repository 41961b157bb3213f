package org.maskrecommender.deployer.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.maskrecommender.deployer.trigger.Events.read;
import static org.maskrecommender.deployer.trigger.Events.utf8;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.Status;
import org.maskrecommender.deployer.trigger.DeployerCommand.Unauthorized;

class MalformedEventTest {

    private static final String SECRET = Events.SECRET;

    private final EventRecognizer recognizer = new EventRecognizer(utf8(SECRET));

    @ParameterizedTest
    @ValueSource(strings = {"{\"action\": \"status\",", "not json", "{\"action\": \"status\"} trailing",
            "{\"action\": \"status\", \"environment\": \"staging\", \"environment\": \"production\"}"})
    void malformedJsonIsInvalid(String json) {
        assertThat(recognizer.recognize(utf8(json))).isInstanceOfSatisfying(Invalid.class,
                i -> assertThat(i.reason()).startsWith("malformed JSON event"));
    }

    @Test
    void rawJsonIsRecognisedLikeTheTree() {
        assertThat(recognizer.recognize(utf8("{\"action\": \"status\", \"environment\": \"staging\"}")))
                .isEqualTo(new Status("staging"));
    }

    @Test
    void emptyAndNonObjectEventsAreInvalid() {
        assertThat(recognizer.recognize(new byte[0])).isInstanceOf(Invalid.class);
        assertThat(recognizer.recognize((byte[]) null)).isInstanceOf(Invalid.class);
        assertThat(recognizer.recognize((com.fasterxml.jackson.databind.JsonNode) null)).isInstanceOf(Invalid.class);
        assertThat(recognizer.recognize(utf8("[1, 2]"))).isEqualTo(new Invalid("the event is not a JSON object"));
        assertThat(recognizer.recognize(utf8("\"deploy\""))).isEqualTo(new Invalid("the event is not a JSON object"));
    }

    @Test
    void unrecognisedObjectsAreInvalid() {
        assertThat(recognizer.recognize(utf8("{\"method\": \"infer\", \"facial_measurements\": {}}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).startsWith("unrecognised event"));
    }

    @Test
    void aNonStringActionIsInvalid() {
        assertThat(recognizer.recognize(utf8("{\"action\": 3}")))
                .isEqualTo(new Invalid("action must be a string, got number"));
    }

    @Test
    void base64OfTheEnvelopeIsNotConfusedWithDirectInvokes() {
        // A direct invoke is never base64; an object with headers and body is HTTP and must be signed.
        String body = Base64.getEncoder().encodeToString(utf8("{\"action\": \"status\", \"environment\": \"staging\"}"));
        assertThat(recognizer.recognize(read("{\"headers\": {}, \"body\": \"" + body + "\", \"isBase64Encoded\": true}")))
                .isInstanceOf(Unauthorized.class);
    }
}
