package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Weekly retraining: one EventBridge Scheduler schedule per environment, Saturday 05:00 UTC. */
class ScheduleTest {

    private final Template template = Template.load();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TrainingStagingFunction, staging", "TrainingProductionFunction, production"})
    void trainingRunsEverySaturdayAtFiveUtcWithItsEnvironmentAsInput(String function, String environment)
            throws Exception {
        Map<String, Object> events = Template.map(template.properties(function).get("Events"), function + ".Events");
        assertThat(events).containsOnlyKeys("Weekly");
        Map<String, Object> weekly = Template.map(events.get("Weekly"), "Weekly");

        // ScheduleV2 is EventBridge Scheduler (time zones); the older Schedule type is an EventBridge rule
        assertThat(weekly.get("Type")).isEqualTo("ScheduleV2");
        Map<String, Object> schedule = Template.map(weekly.get("Properties"), "Weekly.Properties");
        assertThat(schedule.get("ScheduleExpression")).isEqualTo("cron(0 5 ? * SAT *)");
        assertThat(schedule.get("ScheduleExpressionTimezone")).isEqualTo("UTC");
        assertThat(schedule.get("State")).isEqualTo("ENABLED");

        JsonNode input = new ObjectMapper().readTree((String) schedule.get("Input"));
        assertThat(input.isObject()).isTrue();
        assertThat(input.path("environment").asText()).isEqualTo(environment);
        assertThat(input.path("trigger").asText()).isEqualTo("schedule");
        assertThat(input.size()).as("only the fields the training event knows").isEqualTo(2);
        // and the function it targets trains exactly that environment
        assertThat(template.environment(function).get("ENVIRONMENT")).isEqualTo(environment);
    }

    @Test
    void theTwoTrainingSchedulesAreTheOnlySchedules() {
        List<String> schedules = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            Map<String, Object> r = Template.map(resource, id);
            if ("AWS::Scheduler::Schedule".equals(r.get("Type")) || ("AWS::Events::Rule".equals(r.get("Type"))
                    && Template.map(r.get("Properties"), id).containsKey("ScheduleExpression"))) {
                schedules.add(id);
            }
            if (r.get("Properties") instanceof Map<?, ?> p && p.get("Events") instanceof Map<?, ?> events) {
                events.forEach((name, event) -> {
                    Object type = ((Map<?, ?>) event).get("Type");
                    if ("Schedule".equals(type) || "ScheduleV2".equals(type)) {
                        schedules.add(id + "." + name);
                    }
                });
            }
        });

        assertThat(schedules).containsExactly("TrainingStagingFunction.Weekly", "TrainingProductionFunction.Weekly");
    }

    @Test
    void scheduleNamesAreDistinctPerEnvironment() {
        Object staging = Template.map(Template.map(Template.map(template.properties("TrainingStagingFunction")
                .get("Events"), "Events").get("Weekly"), "Weekly").get("Properties"), "Properties").get("Name");
        Object production = Template.map(Template.map(Template.map(template.properties("TrainingProductionFunction")
                .get("Events"), "Events").get("Weekly"), "Weekly").get("Properties"), "Properties").get("Name");

        assertThat(staging).isEqualTo("mask-recommender-training-staging-weekly");
        assertThat(production).isEqualTo("mask-recommender-training-production-weekly");
    }
}
