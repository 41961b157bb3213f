package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Weekly retraining: one EventBridge Scheduler schedule per environment, Saturday 12:00 AM Eastern Time all year
 * (EventBridge Scheduler evaluates the cron in {@code America/New_York}); GitHub's own schedule stays in UTC.
 */
class ScheduleTest {

    static final ZoneId EASTERN = ZoneId.of("America/New_York");

    private final Template template = Template.load();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TrainingStagingFunction, staging", "TrainingProductionFunction, production"})
    void trainingRunsEverySaturdayAtMidnightEasternWithItsEnvironmentAsInput(String function, String environment)
            throws Exception {
        Map<String, Object> events = Template.map(template.properties(function).get("Events"), function + ".Events");
        assertThat(events).containsOnlyKeys("Weekly");
        Map<String, Object> weekly = Template.map(events.get("Weekly"), "Weekly");

        // ScheduleV2 is EventBridge Scheduler (time zones); the older Schedule type is an EventBridge rule
        assertThat(weekly.get("Type")).isEqualTo("ScheduleV2");
        Map<String, Object> schedule = Template.map(weekly.get("Properties"), "Weekly.Properties");
        assertThat(schedule.get("ScheduleExpression")).isEqualTo("cron(0 0 ? * SAT *)");
        assertThat(schedule.get("ScheduleExpressionTimezone")).isEqualTo(EASTERN.getId());
        assertThat(schedule.get("State")).isEqualTo("ENABLED");

        JsonNode input = new ObjectMapper().readTree((String) schedule.get("Input"));
        assertThat(input.isObject()).isTrue();
        assertThat(input.path("environment").asText()).isEqualTo(environment);
        assertThat(input.path("trigger").asText()).isEqualTo("schedule");
        assertThat(input.size()).as("only the fields the training event knows").isEqualTo(2);
        // and the function it targets trains exactly that environment
        assertThat(template.environment(function).get("ENVIRONMENT")).isEqualTo(environment);
    }

    /**
     * Midnight in New York is 05:00 UTC under EST and 04:00 UTC under EDT, and never falls in a clock change (US
     * clocks change at 2 AM on Sundays), so every Saturday has exactly one run.
     */
    @Test
    void saturdayMidnightEasternIsOneInstantEveryWeekAtFiveUtcInWinterAndFourInSummer() {
        assertThat(utc(LocalDate.of(2027, 1, 9))).isEqualTo(LocalDateTime.of(2027, 1, 9, 5, 0));
        assertThat(utc(LocalDate.of(2027, 7, 10))).isEqualTo(LocalDateTime.of(2027, 7, 10, 4, 0));
        // the Saturdays just before the changes of 2027 (March 14, November 7)
        assertThat(utc(LocalDate.of(2027, 3, 13))).isEqualTo(LocalDateTime.of(2027, 3, 13, 5, 0));
        assertThat(utc(LocalDate.of(2027, 11, 6))).isEqualTo(LocalDateTime.of(2027, 11, 6, 4, 0));

        for (LocalDate saturday = LocalDate.of(2026, 1, 3); saturday.getYear() < 2040; saturday = saturday.plusWeeks(1)) {
            assertThat(saturday.getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
            assertThat(EASTERN.getRules().getValidOffsets(saturday.atStartOfDay())).as(saturday.toString()).hasSize(1);
        }
    }

    /**
     * GitHub's cron is UTC only: the retraining workflows' schedule {@code 0 5 * * 6} is the same Saturday night as
     * the AWS schedule, at the same time in winter and an hour later in summer (docs/operations.md#retraining).
     */
    @Test
    void githubsScheduleStaysSaturdayFiveUtcTheSameNightAsTheAwsOne() throws Exception {
        for (String workflow : List.of("retrain-model-staging.yml", "retrain-model-production.yml")) {
            Map<String, Object> root = Template.map(new Yaml(new SafeConstructor(new LoaderOptions())).load(
                    Files.readString(Template.REPOSITORY.resolve(".github/workflows/" + workflow))), workflow);
            Object on = root.containsKey("on") ? root.get("on") : ((Map<?, ?>) root).get(Boolean.TRUE);
            Object schedule = Template.map(on, workflow + " on").get("schedule");
            assertThat(schedule).as(workflow).isEqualTo(List.of(Map.of("cron", "0 5 * * 6")));
        }
        for (LocalDate saturday = LocalDate.of(2026, 1, 3); saturday.getYear() < 2040; saturday = saturday.plusWeeks(1)) {
            Duration after = Duration.between(utc(saturday), saturday.atTime(5, 0));
            assertThat(after).as(saturday.toString()).isIn(Duration.ZERO, Duration.ofHours(1));
        }
    }

    /** When the AWS schedule fires on that Saturday, in UTC. */
    private static LocalDateTime utc(LocalDate saturday) {
        return saturday.atStartOfDay(EASTERN).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
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
