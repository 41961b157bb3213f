package org.maskrecommender.deployer.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.maskrecommender.deployer.trigger.Events.read;
import static org.maskrecommender.deployer.trigger.Events.utf8;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.deployer.trigger.DeployerCommand.Invalid;
import org.maskrecommender.deployer.trigger.DeployerCommand.Status;

class MalformedEventTest {

    private final EventRecognizer recognizer = new EventRecognizer(EnumSet.allOf(Environment.class));

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
                .isEqualTo(new Status(Environment.STAGING));
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
    void httpEventsAreRefusedAsTheDeployerHasNoEndpoint() {
        // Even one whose body would be a valid direct invoke: only the release workflow's invoke reaches the deployer.
        assertThat(recognizer.recognize(Events.functionUrlEvent("{\"action\": \"status\", \"environment\": \"staging\"}")))
                .isInstanceOfSatisfying(Invalid.class, i -> assertThat(i.reason()).contains("no public endpoint"));
    }
}
