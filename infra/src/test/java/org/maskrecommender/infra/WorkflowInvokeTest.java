package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The workflows' synchronous Lambda invokes wait longer than the function can run and are never repeated by the
 * AWS CLI. Lambda answers a synchronous invoke only when the function returns, up to its {@code Timeout}; a CLI
 * read timeout at or below that gives up while the function still runs, and the CLI's default retries (standard
 * mode: 3 attempts, read timeouts and 5xx included) would then invoke the deployer or training a second time.
 * Training is not idempotent, and a second release invoke could only answer {@code duplicate}.
 *
 * <p>Every {@code aws lambda invoke} in {@code .github/workflows} must be a step with {@code AWS_MAX_ATTEMPTS: 1},
 * a {@code --cli-read-timeout} at least a minute above the template's {@code Timeout} of the function it calls,
 * and a job {@code timeout-minutes} above that read timeout and the CLI's connect timeout.
 */
class WorkflowInvokeTest {

    private static final Path WORKFLOWS = Template.REPOSITORY.resolve(".github").resolve("workflows");
    private static final Pattern READ_TIMEOUT = Pattern.compile("--cli-read-timeout[ =](\\d+)");
    private static final Pattern INVOKE = Pattern.compile("\\baws\\s+lambda\\s+invoke\\b");
    private static final Pattern FUNCTION_NAME = Pattern.compile("--function-name[ =]\"?\\$\\{?([A-Z_]+)}?\"?");
    /** The AWS CLI's default connect timeout, seconds (the workflows do not set {@code --cli-connect-timeout}). */
    private static final int CONNECT_TIMEOUT = 60;
    /** How much longer than the function's Timeout the CLI must wait: start-up, init, the answer's transfer. */
    private static final int MARGIN = 60;

    /** The shell variable each workflow names its callee by, and the template functions it may be. */
    private static final Map<String, List<String>> CALLEES = Map.of(
            "DEPLOYER_FUNCTION", List.of("DeployerFunction"),
            "TRAINING_FUNCTION", List.of("TrainingStagingFunction", "TrainingProductionFunction"));

    private final Template template = Template.load();

    private record Invoke(String where, Map<String, Object> job, Map<String, Object> step, String run) {
    }

    @Test
    void everyInvokeOutwaitsItsFunctionAndIsNeverRetried() throws IOException {
        List<Invoke> invokes = invokes();
        assertThat(invokes).as("the release and the retraining workflows invoke Lambda")
                .extracting(Invoke::where).anyMatch(w -> w.startsWith("release-inference.yml"))
                .anyMatch(w -> w.startsWith("retrain-model.yml"));

        for (Invoke invoke : invokes) {
            String run = invoke.run();
            assertThat(INVOKE.matcher(run).results().count())
                    .as("%s: one invoke per step", invoke.where()).isEqualTo(1);
            assertThat(run).as(invoke.where()).contains("--invocation-type RequestResponse");

            Matcher callee = FUNCTION_NAME.matcher(run);
            assertThat(callee.find()).as("%s names its function by a variable", invoke.where()).isTrue();
            List<String> functions = CALLEES.get(callee.group(1));
            assertThat(functions).as("%s: which template function is $%s?", invoke.where(), callee.group(1)).isNotNull();
            int functionTimeout = functions.stream().mapToInt(this::timeout).max().orElseThrow();

            Matcher read = READ_TIMEOUT.matcher(run);
            assertThat(read.find()).as("%s sets --cli-read-timeout (the default, 60 s, is far below)", invoke.where())
                    .isTrue();
            int readTimeout = Integer.parseInt(read.group(1));
            assertThat(read.find()).as("%s: one read timeout", invoke.where()).isFalse();
            // 0 would wait forever: only the job's timeout would end a lost connection
            assertThat(readTimeout).as("%s read timeout vs %s Timeout", invoke.where(), functions)
                    .isGreaterThanOrEqualTo(functionTimeout + MARGIN);

            Map<String, Object> env = map(invoke.step().get("env"), invoke.where() + " env");
            assertThat(String.valueOf(env.get("AWS_MAX_ATTEMPTS"))).as("%s: AWS_MAX_ATTEMPTS", invoke.where())
                    .isEqualTo("1");
            assertThat(env.get("AWS_RETRY_MODE")).as("%s: AWS_RETRY_MODE", invoke.where()).isEqualTo("standard");
            // nothing in the script or the job puts the retries back
            assertThat(run).as(invoke.where()).doesNotContain("AWS_MAX_ATTEMPTS").doesNotContain("AWS_RETRY_MODE")
                    .doesNotContain("max_attempts").doesNotContain("retry_mode");

            Object jobTimeout = invoke.job().get("timeout-minutes");
            assertThat(jobTimeout).as("%s: the job's timeout-minutes", invoke.where()).isInstanceOf(Integer.class);
            assertThat((Integer) jobTimeout * 60).as("%s: the job outlasts the invoke", invoke.where())
                    .isGreaterThan(readTimeout + CONNECT_TIMEOUT);
            Object stepTimeout = invoke.step().get("timeout-minutes");
            if (stepTimeout != null) {
                assertThat((Integer) stepTimeout * 60).as("%s: the step outlasts the invoke", invoke.where())
                        .isGreaterThan(readTimeout + CONNECT_TIMEOUT);
            }
        }
    }

    @Test
    void theFunctionsTheWorkflowsInvokeHaveTheTimeoutsTheWorkflowsExpect() {
        // the numbers the workflows' comments and docs/operations.md give
        assertThat(timeout("DeployerFunction")).isEqualTo(900);
        assertThat(timeout("TrainingStagingFunction")).isEqualTo(900);
        assertThat(timeout("TrainingProductionFunction")).isEqualTo(900);
    }

    private int timeout(String function) {
        Object timeout = template.properties(function).get("Timeout");
        assertThat(timeout).as(function + " Timeout").isInstanceOf(Integer.class);
        return (Integer) timeout;
    }

    /** Every step of every workflow whose run calls {@code aws lambda invoke}. */
    private static List<Invoke> invokes() throws IOException {
        List<Invoke> invokes = new ArrayList<>();
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".yml") && !name.endsWith(".yaml")) {
                    continue;
                }
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Map<String, Object> root = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(text), name);
                int found = 0;
                Object jobs = root.get("jobs");
                if (jobs instanceof Map<?, ?> jobMap) {
                    for (Map.Entry<?, ?> job : jobMap.entrySet()) {
                        Map<String, Object> jobBody = map(job.getValue(), name + " " + job.getKey());
                        assertThat(map(jobBody.getOrDefault("env", Map.of()), "env"))
                                .as("%s %s: no retry settings for a whole job", name, job.getKey())
                                .doesNotContainKeys("AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE");
                        Object steps = jobBody.get("steps");
                        if (!(steps instanceof List<?> stepList)) {
                            continue;
                        }
                        for (int i = 0; i < stepList.size(); i++) {
                            Map<String, Object> step = map(stepList.get(i), name + " step");
                            if (step.get("run") instanceof String run && INVOKE.matcher(commands(run)).find()) {
                                invokes.add(new Invoke(name + " " + job.getKey() + "[" + i + "] " + step.get("name"),
                                        jobBody, step, commands(run)));
                                found++;
                            }
                        }
                    }
                }
                assertThat(map(root.getOrDefault("env", Map.of()), "env")).as("%s: no workflow-wide retry settings", name)
                        .doesNotContainKeys("AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE");
                // every invoke in the file is one the loop above saw (none hidden in a composite or a script)
                assertThat(INVOKE.matcher(commands(text)).results().count())
                        .as("%s: invokes outside steps' run", name).isEqualTo(found);
            }
        }
        return invokes;
    }

    /** The text without comment lines (YAML's and the shell's), so that only commands count. */
    private static String commands(String text) {
        return text.lines().filter(line -> !line.strip().startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as("%s is a mapping", what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
