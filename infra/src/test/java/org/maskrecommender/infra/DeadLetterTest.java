package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing asynchronous is lost unseen: the weekly schedules, the training functions' asynchronous invocations, the
 * Model Trained rule and the deployer's asynchronous invocations each end, when they fail, on an encrypted SQS
 * dead-letter queue kept 14 days, and an alarm on each queue's depth notifies the alarm topic. Only the sources
 * that need to may send to a queue.
 */
class DeadLetterTest {

    static final int FOURTEEN_DAYS = 14 * 24 * 60 * 60;
    static final String MODEL_TRAINED_RULE =
            "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/mask-recommender-model-trained";
    static final String INFERENCE_ALARM_RULE =
            "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/mask-recommender-inference-alarm";

    private final Template template = Template.load();

    @Test
    void thereIsOneQueuePerTrainingFunctionAndOneForTheDeployer() {
        assertThat(template.resourcesOfType("AWS::SQS::Queue")).containsExactly("TrainingStagingDeadLetterQueue",
                "TrainingProductionDeadLetterQueue", "DeployerDeadLetterQueue");
        assertThat(template.properties("TrainingStagingDeadLetterQueue").get("QueueName"))
                .isEqualTo("mask-recommender-training-staging-dlq");
        assertThat(template.properties("TrainingProductionDeadLetterQueue").get("QueueName"))
                .isEqualTo("mask-recommender-training-dlq");
        assertThat(template.properties("DeployerDeadLetterQueue").get("QueueName"))
                .isEqualTo("mask-recommender-deployer-dlq");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TrainingStagingDeadLetterQueue", "TrainingProductionDeadLetterQueue",
            "DeployerDeadLetterQueue"})
    void everyQueueIsEncryptedAndKeepsItsMessagesFourteenDays(String queue) {
        Map<String, Object> p = template.properties(queue);

        // SSE-SQS: encrypted at rest with no key policy for Lambda, Scheduler and EventBridge to need
        assertThat(p).containsEntry("SqsManagedSseEnabled", true).doesNotContainKey("KmsMasterKeyId");
        // SQS's maximum: two weekends to notice
        assertThat(p).containsEntry("MessageRetentionPeriod", FOURTEEN_DAYS);
        assertThat(p).as("a standard queue: Lambda, Scheduler and EventBridge cannot send to FIFO dead-letter queues")
                .doesNotContainKeys("FifoQueue", "RedrivePolicy");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Staging, staging", "Production, production"})
    void theWeeklyScheduleRetriesDeliveryForAnHourThenRecordsTheRun(String env, String environment) {
        Map<String, Object> weekly = weeklySchedule(env);

        assertThat(weekly.get("RoleArn")).isEqualTo(getAtt("Training" + env + "ScheduleRole", "Arn"));
        assertThat(weekly.get("DeadLetterConfig")).isEqualTo(Map.of("Arn", getAtt(queue(env), "Arn")));
        // Scheduler's bounds: 0..185 attempts, 60..86400 seconds; delivery only (Lambda accepting the invoke)
        assertThat(weekly.get("RetryPolicy")).isEqualTo(Map.of("MaximumRetryAttempts", 10,
                "MaximumEventAgeInSeconds", 3600));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Staging", "Production"})
    void aCrashedOrTimedOutTrainingRunIsRecordedNotRetried(String env) {
        assertThat(template.properties("Training" + env + "Function").get("EventInvokeConfig")).isEqualTo(Map.of(
                "MaximumRetryAttempts", 0,
                // an OnFailure destination (request, response and error), not the function's DeadLetterQueue
                "DestinationConfig", Map.of("OnFailure", Map.of("Type", "SQS",
                        "Destination", getAtt(queue(env), "Arn")))));
        assertThat(template.properties("Training" + env + "Function")).doesNotContainKey("DeadLetterQueue");
    }

    @Test
    void aModelTrainedEventTheRuleCannotDeliverAndACrashedReleaseAreRecorded() {
        Map<String, Object> deployer = template.properties("DeployerFunction");
        assertThat(deployer.get("EventInvokeConfig")).isEqualTo(Map.of(
                // a retry of the same event would answer "duplicate" and hide the crash
                "MaximumRetryAttempts", 0,
                "DestinationConfig", Map.of("OnFailure", Map.of("Type", "SQS",
                        "Destination", getAtt("DeployerDeadLetterQueue", "Arn")))));
        assertThat(deployer).doesNotContainKey("DeadLetterQueue");

        Map<String, Object> rule = Template.map(Template.map(Template.map(deployer.get("Events"), "Events")
                .get("ModelTrained"), "ModelTrained").get("Properties"), "ModelTrained.Properties");
        assertThat(rule.get("DeadLetterConfig")).isEqualTo(Map.of("Arn", getAtt("DeployerDeadLetterQueue", "Arn")));
        assertThat(rule.get("RetryPolicy")).isEqualTo(Map.of("MaximumRetryAttempts", 10,
                "MaximumEventAgeInSeconds", 3600));
        // the queue policy names the rule by the name the event gives it
        assertThat(MODEL_TRAINED_RULE).endsWith(":rule/" + rule.get("RuleName"));
    }

    /** Every function event that EventBridge or Scheduler delivers, and every function invoked by one, is covered. */
    @Test
    void everyAsynchronousSourceHasADeadLetterQueueAndEveryFunctionItInvokesADestination() {
        List<String> covered = new ArrayList<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Object events = template.properties(function).get("Events");
            if (events == null) {
                continue;
            }
            Template.map(events, function + ".Events").forEach((name, event) -> {
                Map<String, Object> e = Template.map(event, name);
                assertThat(e.get("Type")).as(function + "." + name)
                        .isIn("ScheduleV2", "EventBridgeRule"); // the only kinds here; a new kind needs a look
                Map<String, Object> p = Template.map(e.get("Properties"), function + "." + name);
                assertThat(p).as(function + "." + name).containsKeys("DeadLetterConfig", "RetryPolicy");
                covered.add(function + "." + name);
            });
            Map<String, Object> invokeConfig = Template.map(template.properties(function).get("EventInvokeConfig"),
                    function + ".EventInvokeConfig");
            assertThat(Template.map(invokeConfig.get("DestinationConfig"), function + " DestinationConfig"))
                    .as(function).containsKey("OnFailure");
        }
        assertThat(covered).containsExactly("TrainingStagingFunction.Weekly", "TrainingProductionFunction.Weekly",
                "DeployerFunction.ModelTrained", "DeployerFunction.InferenceAlarm");
    }

    /**
     * Who may send to each queue, from every role's grants and every queue policy: exactly the sources that put
     * failures there, nothing else.
     */
    @Test
    void onlyTheSourcesOfItsFailuresMaySendToAQueue() {
        Map<String, Set<String>> senders = new TreeMap<>();
        for (String role : template.resourcesOfType("AWS::IAM::Role")) {
            template.grants(role).forEach((action, resources) -> {
                if (action.startsWith("sqs:")) {
                    assertThat(action).as(role).isEqualTo("sqs:SendMessage");
                    resources.forEach(r -> senders.computeIfAbsent(r, k -> new TreeSet<>()).add(role));
                }
            });
        }
        assertThat(template.resourcesOfType("AWS::SQS::QueuePolicy")).containsExactly("DeployerDeadLetterQueuePolicy");
        Map<String, Object> policy = template.properties("DeployerDeadLetterQueuePolicy");
        assertThat(policy.get("Queues")).isEqualTo(List.of(Map.of("Ref", "DeployerDeadLetterQueue")));
        List<Object> statements = Template.list(Template.map(policy.get("PolicyDocument"), "PolicyDocument")
                .get("Statement"));
        assertThat(statements).isEqualTo(List.of(Map.of(
                "Sid", "UndeliveredRuleEvents",
                "Effect", "Allow",
                "Principal", Map.of("Service", "events.amazonaws.com"),
                "Action", "sqs:SendMessage",
                "Resource", getAtt("DeployerDeadLetterQueue", "Arn"),
                "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", List.of(Map.of("Fn::Sub", MODEL_TRAINED_RULE),
                        Map.of("Fn::Sub", INFERENCE_ALARM_RULE)))))));
        senders.computeIfAbsent("${DeployerDeadLetterQueue.Arn}", k -> new TreeSet<>())
                .add("events.amazonaws.com from the deployer's rules");

        assertThat(senders).isEqualTo(Map.of(
                "${TrainingStagingDeadLetterQueue.Arn}", Set.of("TrainingStagingRole", "TrainingStagingScheduleRole"),
                "${TrainingProductionDeadLetterQueue.Arn}",
                Set.of("TrainingProductionRole", "TrainingProductionScheduleRole"),
                "${DeployerDeadLetterQueue.Arn}", Set.of("DeployerRole", "events.amazonaws.com from the deployer's rules")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "TrainingStagingDeadLetterQueue, TrainingStagingDeadLetterAlarm, mask-recommender-training-staging-dlq",
            "TrainingProductionDeadLetterQueue, TrainingProductionDeadLetterAlarm, mask-recommender-training-dlq",
            "DeployerDeadLetterQueue, DeployerDeadLetterAlarm, mask-recommender-deployer-dlq"})
    void anyMessageOnAQueueRaisesItsAlarmOnTheAlarmTopic(String queue, String alarm, String name) {
        Map<String, Object> p = template.properties(alarm);

        assertThat(p).containsEntry("AlarmName", name)
                .containsEntry("Namespace", "AWS/SQS")
                .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                .containsEntry("Dimensions", List.of(Map.of("Name", "QueueName", "Value", getAtt(queue, "QueueName"))))
                .containsEntry("Statistic", "Maximum")
                .containsEntry("EvaluationPeriods", 1)
                .containsEntry("Threshold", 0)
                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                // an idle queue publishes no data points: that is an empty queue, not a broken alarm
                .containsEntry("TreatMissingData", "notBreaching")
                .containsEntry("AlarmActions", List.of(Map.of("Ref", "AlarmTopic")));
        assertThat((Integer) p.get("Period")).isBetween(60, 300);
        assertThat((String) p.get("AlarmDescription")).contains(name).contains("docs/operations.md#lost-runs-and-events");
    }

    @Test
    void everyQueueHasExactlyOneAlarmAndEveryQueueAlarmWatchesAQueue() {
        List<String> watched = new ArrayList<>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            if (!"AWS/SQS".equals(template.properties(alarm).get("Namespace"))) {
                continue; // the functions' alarms: AlarmsTest
            }
            Object dimension = Template.map(Template.list(template.properties(alarm).get("Dimensions")).get(0), alarm)
                    .get("Value");
            watched.add((String) Template.list(Template.map(dimension, alarm).get("Fn::GetAtt")).get(0));
        }
        assertThat(watched).containsExactlyInAnyOrderElementsOf(template.resourcesOfType("AWS::SQS::Queue"));
    }

    @Test
    void theAlarmTopicEmailsTheAlarmAddressAndIsAnOutput() {
        assertThat(template.resourcesOfType("AWS::SNS::Topic")).containsExactly("AlarmTopic");
        assertThat(template.properties("AlarmTopic")).containsEntry("TopicName", "mask-recommender-alarms")
                // CloudWatch cannot publish to a topic under the AWS managed key; the notices hold no data
                .doesNotContainKey("KmsMasterKeyId");
        assertThat(template.resourcesOfType("AWS::SNS::TopicPolicy")).as("the default policy lets this account's "
                + "CloudWatch alarms publish").isEmpty();

        assertThat(template.resourcesOfType("AWS::SNS::Subscription")).containsExactly("AlarmEmailSubscription");
        assertThat(template.resource("AlarmEmailSubscription")).containsEntry("Condition", "HasAlarmEmail");
        assertThat(template.properties("AlarmEmailSubscription")).isEqualTo(Map.of(
                "TopicArn", Map.of("Ref", "AlarmTopic"), "Protocol", "email", "Endpoint", Map.of("Ref", "AlarmEmail")));
        assertThat(Template.map(template.root.get("Conditions"), "Conditions").get("HasAlarmEmail"))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "AlarmEmail"), "")))));

        Map<String, Object> output = Template.map(Template.map(template.root.get("Outputs"), "Outputs")
                .get("AlarmTopicArn"), "AlarmTopicArn");
        assertThat(output.get("Value")).isEqualTo(Map.of("Ref", "AlarmTopic"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'', true", "ops@example.com, true", "first.last+ml@mail.example.co.uk, true",
            "ops, false", "'ops@example.com,dev@example.com', false", "'ops@example.com dev@example.com', false",
            "'ops@example.com ', false", "@example.com, false"})
    void theAlarmAddressIsOneAddressOrNone(String address, boolean accepted) {
        Map<String, Object> parameter = Template.map(template.parameters().get("AlarmEmail"), "AlarmEmail");
        assertThat(parameter.get("Default")).isEqualTo("");
        assertThat(address.matches((String) parameter.get("AllowedPattern"))).as(address).isEqualTo(accepted);
    }

    private Map<String, Object> weeklySchedule(String env) {
        Map<String, Object> events = Template.map(template.properties("Training" + env + "Function").get("Events"),
                "Events");
        return Template.map(Template.map(events.get("Weekly"), "Weekly").get("Properties"), "Weekly.Properties");
    }

    private static String queue(String env) {
        return "Training" + env + "DeadLetterQueue";
    }

    private static Map<String, Object> getAtt(String resource, String attribute) {
        return Map.of("Fn::GetAtt", List.of(resource, attribute));
    }
}
