package org.maskrecommender.deployer.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.core.ledger.Ledger;
import org.maskrecommender.core.ledger.LedgerEntry;
import org.maskrecommender.core.ledger.Trigger;
import org.maskrecommender.deployer.DeployerService;

/**
 * CloudWatch alarms on alias {@code live}, delivered as EventBridge {@code Alarm State Change} events (the documented
 * sample, {@code docs/events/deployer-alarm.json}, with its id, state and time changed), through the deployer's whole
 * event handling against the Lambda emulator: within the bake window after a release the alarm rolls it back, outside
 * it the alarm is recorded and emailed and nothing moves, and one release is answered once.
 */
class AlarmRollbackTest {

    private static final Path SAMPLE = Path.of("..", "docs", "events", "deployer-alarm.json");

    private DeployFixture f;
    private String first;
    private String second;
    private LedgerEntry release;

    @BeforeEach
    void twoReleases() {
        f = new DeployFixture();
        String a = f.publishModel(Environment.STAGING, 200);
        String b = f.publishModel(Environment.STAGING, 220);
        assertThat(releaseModel(a).succeeded()).isTrue();
        ReleaseResult latest = releaseModel(b);
        assertThat(latest.succeeded()).isTrue();
        release = latest.entry();
        first = release.fromVersion();
        second = release.toVersion();
        assertThat(live()).isEqualTo(second);
        f.sent.clear();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private ReleaseResult releaseModel(String version) {
        return f.releases.release(new ReleaseRequest(Environment.STAGING, null, null, version,
                new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null), null));
    }

    private String live() {
        return f.emulator.alias(DeployFixture.STAGING_FUNCTION, "live").orElseThrow().functionVersion();
    }

    private int ledgerSize() {
        return new Ledger(f.store(f.storeOf(Environment.STAGING)), DeployFixture.STAGING_FUNCTION, f.mapper).snapshot()
                .entries().size();
    }

    /** The sample alarm event, as id {@code id}, alarm {@code alarm}, in state {@code state} at {@code time}. */
    private byte[] alarmEvent(String id, String alarm, String state, Instant time) throws IOException {
        ObjectNode event = (ObjectNode) f.mapper.readTree(SAMPLE.toFile());
        event.put("id", id).put("time", time.toString());
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("alarmName", alarm);
        ((ObjectNode) detail.get("state")).put("value", state)
                .put("timestamp", time.toString().replace("Z", "+0000"));
        return f.mapper.writeValueAsBytes(event);
    }

    private JsonNode handle(byte[] event) {
        DeployerService.Answer answer = f.service.handle(event);
        return answer.response();
    }

    @Test
    void anAlarmWithinTheBakeWindowRollsTheReleaseBackOnceAndRecordsWhichAlarm() throws IOException {
        JsonNode back = handle(alarmEvent("alarm-1", DeployFixture.STAGING_ALARM, "ALARM",
                release.time().plusSeconds(120)));

        assertThat(back.path("status").asText()).as(back.toString()).isEqualTo("succeeded");
        assertThat(live()).isEqualTo(first);
        JsonNode entry = back.path("entry");
        assertThat(entry.path("action").asText()).isEqualTo("rollback");
        assertThat(entry.path("from_version").asText()).isEqualTo(second);
        assertThat(entry.path("to_version").asText()).isEqualTo(first);
        assertThat(entry.at("/trigger/type").asText()).isEqualTo("alarm");
        assertThat(entry.at("/trigger/alarm").asText()).isEqualTo(DeployFixture.STAGING_ALARM);
        assertThat(f.sent).hasSize(1);
        assertThat(f.sent.get(0).subject()).contains("staging rollback succeeded: " + second + " → " + first)
                .contains("(Alarm)");
        assertThat(f.sent.get(0).body()).contains(DeployFixture.STAGING_ALARM);

        int recorded = ledgerSize();
        // The same event redelivered, and the other alarm on the same release: nothing more.
        for (byte[] again : new byte[][] {
                alarmEvent("alarm-1", DeployFixture.STAGING_ALARM, "ALARM", release.time().plusSeconds(120)),
                alarmEvent("alarm-2", "mask-recommender-inference-staging-live-p99", "ALARM",
                        release.time().plusSeconds(300))}) {
            JsonNode answer = handle(again);
            assertThat(answer.path("status").asText()).isEqualTo("duplicate");
            assertThat(answer.at("/entry/id").asText()).isEqualTo(entry.path("id").asText());
        }
        assertThat(live()).isEqualTo(first);
        assertThat(ledgerSize()).isEqualTo(recorded);
        assertThat(f.sent).hasSize(1);
    }

    @Test
    void anAlarmAfterTheBakeWindowIsRecordedAndEmailedAndMovesNothing() throws IOException {
        Instant late = release.time().plus(DeployFixture.BAKE_WINDOW).plusSeconds(1);

        JsonNode answer = handle(alarmEvent("alarm-late", DeployFixture.STAGING_ALARM, "ALARM", late));

        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("refused");
        assertThat(answer.at("/entry/error").asText()).contains("outside the bake window").contains(second)
                .contains("nothing moved");
        assertThat(answer.at("/entry/trigger/alarm").asText()).isEqualTo(DeployFixture.STAGING_ALARM);
        assertThat(live()).isEqualTo(second);
        assertThat(f.sent).singleElement().satisfies(n -> assertThat(n.subject()).contains("rollback refused"));

        JsonNode again = handle(alarmEvent("alarm-later", DeployFixture.STAGING_ALARM, "ALARM", late.plusSeconds(60)));
        assertThat(again.path("status").asText()).isEqualTo("duplicate");
        assertThat(f.sent).hasSize(1);
        assertThat(live()).isEqualTo(second);
    }

    @Test
    void anAlarmAfterAnOperatorAlreadyRolledBackMovesNothing() throws IOException {
        assertThat(f.rollbacks.rollback(Environment.STAGING, null,
                new Trigger(Trigger.Type.MANUAL, null, "operator", null, null, null)).succeeded()).isTrue();
        assertThat(live()).isEqualTo(first);

        JsonNode answer = handle(alarmEvent("alarm-after", DeployFixture.STAGING_ALARM, "ALARM",
                release.time().plusSeconds(60)));

        assertThat(answer.path("status").asText()).isEqualTo("refused");
        assertThat(answer.at("/entry/error").asText()).contains("live is on version " + first);
        assertThat(live()).isEqualTo(first);
    }

    @Test
    void alarmsThatAreNotAlarmingOrWatchAnotherFunctionAreIgnored() throws IOException {
        JsonNode ok = handle(alarmEvent("ok-1", DeployFixture.STAGING_ALARM, "OK", release.time().plusSeconds(60)));
        assertThat(ok.path("status").asText()).isEqualTo("ignored");
        assertThat(ok.path("reason").asText()).contains("'OK'");

        ObjectNode other = (ObjectNode) f.mapper.readTree(alarmEvent("other-1", "someone-elses-alarm", "ALARM",
                release.time().plusSeconds(60)));
        ((ObjectNode) other.at("/detail/configuration/metrics/0/metricStat/metric/dimensions"))
                .put("FunctionName", "another-function").put("Resource", "another-function:live");
        JsonNode ignored = handle(f.mapper.writeValueAsBytes(other));
        assertThat(ignored.path("status").asText()).isEqualTo("ignored");
        assertThat(ignored.path("reason").asText()).contains("another-function:live");

        assertThat(live()).isEqualTo(second);
        assertThat(f.sent).isEmpty();
    }

    @Test
    void aReleaseAnswerSaysWhichAlarmsWatchTheNewVersionAndUntilWhen() throws IOException {
        String model = f.publishModel(Environment.STAGING, 240);
        String event = "{\"action\": \"deploy\", \"environment\": \"staging\", \"model_version\": \"" + model
                + "\", \"event_id\": \"" + UUID.randomUUID() + "\"}";

        JsonNode answer = handle(event.getBytes(StandardCharsets.UTF_8));

        assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("succeeded");
        Instant released = Instant.parse(answer.at("/entry/time").asText());
        assertThat(answer.at("/watch/alarms/0").asText()).isEqualTo(DeployFixture.STAGING_ALARM);
        assertThat(Instant.parse(answer.at("/watch/until").asText()))
                .isEqualTo(released.plus(DeployFixture.BAKE_WINDOW));
        assertThat(f.sent.get(f.sent.size() - 1).body()).contains("Watched by:     " + DeployFixture.STAGING_ALARM
                + "; an alarm until " + released.plus(DeployFixture.BAKE_WINDOW) + " rolls it back");
    }
}
