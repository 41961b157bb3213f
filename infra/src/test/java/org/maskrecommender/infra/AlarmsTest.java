package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What watches a release: per environment, alarms on the inference function's alias {@code live} (errors, p99
 * duration), whose ALARM state changes a rule sends to the deployer (automatic rollback within the bake window), and
 * alarms on the training and deployer functions' errors; all notify the alarm topic. The names the rule matches, the
 * names the deployer is told and the alarms' own names are one list.
 */
class AlarmsTest {

    private final Template template = Template.load();

    private static Map<String, Object> dimension(String name, Object value) {
        return Map.of("Name", name, "Value", value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Staging, mask-recommender-inference-staging", "Production, mask-recommender-inference"})
    void theInferenceAliasLiveIsWatchedForErrorsAndP99Duration(String env, String functionName) {
        Map<String, Object> function = Map.of("Ref", "Inference" + env + "Function");
        List<Object> dimensions = List.of(dimension("FunctionName", function),
                dimension("Resource", Map.of("Fn::Sub", "${Inference" + env + "Function}:live")));

        Map<String, Object> errors = template.properties("Inference" + env + "LiveErrorsAlarm");
        assertThat(errors).containsEntry("AlarmName", functionName + "-live-errors")
                .containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", "Errors")
                .containsEntry("Dimensions", dimensions).containsEntry("Statistic", "Sum")
                .containsEntry("Threshold", 1).containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("TreatMissingData", "notBreaching")
                .containsEntry("AlarmActions", List.of(Map.of("Ref", "AlarmTopic")));

        Map<String, Object> duration = template.properties("Inference" + env + "LiveDurationAlarm");
        assertThat(duration).containsEntry("AlarmName", functionName + "-live-p99")
                .containsEntry("MetricName", "Duration").containsEntry("Dimensions", dimensions)
                .containsEntry("ExtendedStatistic", "p99").doesNotContainKey("Statistic")
                .containsEntry("Threshold", Map.of("Ref", "InferenceP99DurationMs"))
                .containsEntry("AlarmActions", List.of(Map.of("Ref", "AlarmTopic")));
    }

    @Test
    void trainingAndDeployerErrorsNotifyTheOperators() {
        for (String alarm : List.of("TrainingStagingErrorsAlarm", "TrainingProductionErrorsAlarm",
                "DeployerErrorsAlarm")) {
            Map<String, Object> p = template.properties(alarm);
            assertThat(p).as(alarm).containsEntry("MetricName", "Errors").containsEntry("Namespace", "AWS/Lambda")
                    .containsEntry("Threshold", 1)
                    .containsEntry("AlarmActions", List.of(Map.of("Ref", "AlarmTopic")));
        }
        assertThat(template.properties("DeployerErrorsAlarm").get("Dimensions"))
                .isEqualTo(List.of(dimension("FunctionName", Map.of("Ref", "DeployerFunction"))));
    }

    @Test
    void theRuleSendsExactlyTheLiveAlarmsGoingToAlarmToTheDeployerWhichKnowsTheirNamesAndTheWindow() {
        List<Object> liveAlarms = new ArrayList<>();
        for (String env : List.of("Staging", "Production")) {
            liveAlarms.add(template.properties("Inference" + env + "LiveErrorsAlarm").get("AlarmName"));
            liveAlarms.add(template.properties("Inference" + env + "LiveDurationAlarm").get("AlarmName"));
        }
        Map<String, Object> rule = Template.map(Template.map(Template.map(template.properties("DeployerFunction")
                .get("Events"), "Events").get("InferenceAlarm"), "InferenceAlarm").get("Properties"), "Properties");

        assertThat(rule.get("Pattern")).isEqualTo(Map.of(
                "source", List.of("aws.cloudwatch"),
                "detail-type", List.of("CloudWatch Alarm State Change"),
                "detail", Map.of("alarmName", liveAlarms, "state", Map.of("value", List.of("ALARM")))));
        assertThat(rule).doesNotContainKey("EventBusName");

        Map<String, Object> env = template.environment("DeployerFunction");
        assertThat(env.get("STAGING_ALARMS")).isEqualTo(liveAlarms.get(0) + "," + liveAlarms.get(1));
        assertThat(env.get("PRODUCTION_ALARMS")).isEqualTo(liveAlarms.get(2) + "," + liveAlarms.get(3));
        assertThat(env.get("BAKE_WINDOW")).isEqualTo(Map.of("Fn::Sub", "PT${BakeWindowMinutes}M"));
        assertThat(template.parameters().get("BakeWindowMinutes")).isInstanceOf(Map.class);
        assertThat(Template.map(template.parameters().get("BakeWindowMinutes"), "BakeWindowMinutes"))
                .containsEntry("Default", 60);
    }
}
