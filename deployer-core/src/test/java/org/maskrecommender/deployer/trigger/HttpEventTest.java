package org.maskrecommender.deployer.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.maskrecommender.deployer.trigger.Events.read;
import static org.maskrecommender.deployer.trigger.Events.utf8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HttpEventTest {

    @Test
    void headerNamesAreCaseInsensitive() {
        HttpEvent v2 = HttpEvent.of(Events.functionUrlEvent("ping", utf8(Events.PING), "sha256=00"));
        HttpEvent v1 = HttpEvent.of(Events.apiGatewayRestEvent("ping", Events.PING, "sha256=00"));

        for (HttpEvent event : new HttpEvent[] {v1, v2}) {
            assertThat(event.header("X-GitHub-Event")).isEqualTo("ping");
            assertThat(event.header("x-github-event")).isEqualTo("ping");
            assertThat(event.header("X-GITHUB-DELIVERY")).isEqualTo(Events.DELIVERY_ID);
            assertThat(event.header("X-Hub-Signature-256")).isEqualTo("sha256=00");
            assertThat(event.header("X-Not-There")).isNull();
            assertThat(event.headerValues("X-Not-There")).isEmpty();
        }
    }

    @Test
    void multiValueHeadersAreReadToo() {
        HttpEvent event = HttpEvent.of(read("""
                {"httpMethod": "POST", "headers": null,
                 "multiValueHeaders": {"X-GitHub-Event": ["workflow_run"], "Accept": ["*/*", "application/json"]},
                 "body": "{}", "isBase64Encoded": false}
                """));

        assertThat(event.header("x-github-event")).isEqualTo("workflow_run");
        assertThat(event.headerValues("accept")).containsExactly("*/*", "application/json");
        assertThat(event.header("accept")).as("ambiguous").isNull();
    }

    @Test
    void differentValuesUnderCaseVariantsAreAmbiguous() {
        ObjectNode raw = Events.functionUrlEvent("ping", utf8(Events.PING), null);
        raw.with("headers").put("X-GitHub-Event", "workflow_run");
        HttpEvent event = HttpEvent.of(raw);

        assertThat(event.headerValues("x-github-event")).containsExactlyInAnyOrder("ping", "workflow_run");
        assertThat(event.header("x-github-event")).isNull();
    }

    @Test
    void rawBodyIsBase64DecodedByteForByte() {
        byte[] body = {0x00, (byte) 0xff, (byte) 0xc3, 0x28, 0x7b};
        HttpEvent event = HttpEvent.of(Events.functionUrlEvent("ping", body, null));

        assertThat(event.isBase64Encoded()).isTrue();
        assertThat(event.rawBody()).containsExactly(body);
    }

    @Test
    void plainBodiesAreTheirUtf8Bytes() {
        String body = Events.workflowRun("completed", "staging-recommender-v1.2.3", "success");
        HttpEvent event = HttpEvent.of(Events.apiGatewayRestEvent("workflow_run", body, null));

        assertThat(event.isBase64Encoded()).isFalse();
        assertThat(event.rawBody()).containsExactly(utf8(body));
    }

    @Test
    void missingBodyIsEmptyAndBadBase64IsAnError() {
        assertThat(HttpEvent.of(read("{\"rawPath\": \"/\", \"headers\": {}}")).rawBody()).isEmpty();
        assertThat(HttpEvent.of(read("{\"rawPath\": \"/\", \"body\": null}")).rawBody()).isEmpty();
        assertThatThrownBy(() -> HttpEvent.of(read("{\"rawPath\": \"/\", \"body\": \"%%%\", \"isBase64Encoded\": true}")).rawBody())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> HttpEvent.of(read("{\"rawPath\": \"/\", \"body\": {\"a\": 1}}")).rawBody())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recognisesHttpEventShapes() {
        assertThat(HttpEvent.isHttpEvent(Events.functionUrlEvent("ping", new byte[0], null))).isTrue();
        assertThat(HttpEvent.isHttpEvent(Events.apiGatewayRestEvent("ping", "", null))).isTrue();
        assertThat(HttpEvent.isHttpEvent(read("{\"action\": \"status\", \"environment\": \"staging\"}"))).isFalse();
        assertThat(HttpEvent.isHttpEvent(read(Events.SCHEDULED_EVENT))).isFalse();
        assertThat(HttpEvent.isHttpEvent(null)).isFalse();
        assertThatThrownBy(() -> HttpEvent.of(read("{}"))).isInstanceOf(IllegalArgumentException.class);
    }
}
