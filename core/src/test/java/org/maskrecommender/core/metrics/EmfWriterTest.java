package org.maskrecommender.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.maskrecommender.core.environment.Environment;
import org.maskrecommender.testkit.logs.EmfRecord;

class EmfWriterTest {

    private final List<String> lines = new ArrayList<>();
    private final EmfWriter writer = new EmfWriter(lines::add,
            Clock.fixed(Instant.parse("2026-11-28T05:00:12.345Z"), ZoneOffset.UTC));

    @Test
    void writesOneEmfRecordPerLine() {
        writer.record(Environment.PRODUCTION).dimension("Trigger", "tag")
                .metric("Latency", Unit.MILLISECONDS, 12.5).count("MasksScored", 40)
                .property("model_version", "20261128T050012Z-3f9a1c2e").property("rows", 7L).emit();

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\n");
        EmfRecord r = EmfRecord.parse(lines.get(0));
        assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-11-28T05:00:12.345Z").toEpochMilli());
        assertThat(r.namespace()).isEqualTo("MaskRecommender");
        assertThat(r.dimensions()).containsExactly(List.of("Environment", "Trigger"));
        assertThat(r.member("Environment").asText()).isEqualTo("production");
        assertThat(r.member("Trigger").asText()).isEqualTo("tag");
        assertThat(r.units()).containsExactly(Map.entry("Latency", "Milliseconds"), Map.entry("MasksScored", "Count"));
        assertThat(r.value("Latency")).isEqualTo(12.5);
        assertThat(r.value("MasksScored")).isEqualTo(40);
        assertThat(r.member("model_version").asText()).isEqualTo("20261128T050012Z-3f9a1c2e");
        assertThat(r.member("rows").asLong()).isEqualTo(7);
    }

    @Test
    void leavesOutNumbersCloudWatchCannotHold() {
        writer.record(Environment.STAGING).metric("RocAuc", Unit.NONE, Double.NaN).count("Promoted", 0)
                .property("version", null).emit();
        EmfRecord r = EmfRecord.parse(lines.get(0));
        assertThat(r.units()).containsOnlyKeys("Promoted");
        assertThat(r.root().has("RocAuc")).isFalse();
        assertThat(r.root().has("version")).isFalse();
    }

    @Test
    void oneNamePerMember() {
        assertThatThrownBy(() -> writer.record(Environment.STAGING).count("Environment", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.record(Environment.STAGING).count("Ok", 1).property("Ok", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.record(Environment.STAGING).property("_aws", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
